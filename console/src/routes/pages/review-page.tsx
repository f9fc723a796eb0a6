/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { requireSite } from '../../auth/principal.ts';
import { ownershipInputSchema, resolutionInputSchema } from '../../governance/inputs.ts';
import type { ReviewItemView } from '../../services/governance/review-service.ts';
import type { ConsoleServices } from '../../services/index.ts';
import { requireAllowed } from '../api/mutations.ts';
import { idParams, parseParams, parseQuery } from '../api/params.ts';
import { reviewQuery } from '../api/review.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { EmptyState, Pager, Time } from './components.tsx';
import { CsrfField, Notice } from './form-fields.tsx';
import { assetPath, hrefWith, sitePath } from './format.ts';
import { parseForm, seeOther } from './forms.ts';
import { Layout } from './layout.tsx';

const DONE: Record<string, string> = {
  accepted: 'Accepted into the inventory.',
  ignored: 'Ignored.',
};

/** New assets waiting for a person: accept with an owner and a purpose, or ignore with a note. */
export function createReviewPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const { siteId, status = 'pending', origin, ...page } = parseQuery(c, reviewQuery);
      const items = services.review.list({ siteId, status, origin, sites: scopeOf(c) }, page);
      const href = (offset: number) =>
        hrefWith('/review', { siteId, status, origin, offset, limit: page.limit });
      return c.html(
        <Layout title="New assets" nav="review">
          <h1>New assets to review</h1>
          <Notice code={c.req.query('done')} messages={DONE} />
          <p class="muted">
            Assets polled for the first time and hosts that switches report land here. Accept each into the
            inventory with an owner (a person or a team) and a purpose, or ignore it.{' '}
            {status === 'pending' ? (
              <a href="/review?status=accepted">Accepted</a>
            ) : (
              <a href="/review">Pending</a>
            )}{' '}
            · <a href="/review?status=ignored">Ignored</a>
          </p>
          {items.total === 0 ? (
            <EmptyState>
              Nothing {status} in the review queue{siteId ? ` at site ${siteId}` : ''}.
            </EmptyState>
          ) : (
            <>
              <ReviewTable items={items.items} />
              <Pager {...page} total={items.total} href={href} />
            </>
          )}
        </Layout>,
      );
    })
    .post('/:id/accept', async (c) => {
      const { id } = parseParams(c, idParams);
      requireSite(requireAllowed(c, 'own').sites, services.review.get(id).siteId, `review item ${id}`);
      const { actor, input } = await parseForm(c, ownershipInputSchema);
      services.review.accept(id, input, actor);
      return seeOther(c, '/review?done=accepted');
    })
    .post('/:id/ignore', async (c) => {
      const { id } = parseParams(c, idParams);
      requireSite(requireAllowed(c, 'own').sites, services.review.get(id).siteId, `review item ${id}`);
      const { actor, input } = await parseForm(c, resolutionInputSchema);
      services.review.ignore(id, input.note, actor);
      return seeOther(c, '/review?done=ignored');
    });
}

function What({ item }: { item: ReviewItemView }) {
  if (item.origin === 'polled' && item.assetId !== null) {
    return (
      <>
        polled asset <a href={assetPath(item.siteId, item.assetId)}>{item.assetId}</a> (agent {item.agentId})
      </>
    );
  }
  return (
    <>
      host {item.mac ?? ''} {item.ip ?? ''} {item.remoteName ? `"${item.remoteName}"` : ''}
      <br />
      <span class="muted">
        seen by {item.switchAssetId} {item.port ? `port ${item.port}` : ''}
        {item.vlan === null ? '' : ` vlan ${item.vlan}`} ({item.linkSource})
      </span>
    </>
  );
}

function ReviewTable({ items }: { items: ReviewItemView[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>First seen</th>
          <th>Site</th>
          <th>What</th>
          <th>Decision</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr>
            <td>
              <Time iso={item.firstSeenAt} />
            </td>
            <td>
              <a href={sitePath(item.siteId)}>{item.siteId}</a>
            </td>
            <td>
              <What item={item} />
            </td>
            <td>
              {item.status === 'pending' ? (
                <>
                  <form method="post" action={`/review/${item.id}/accept`} class="inline">
                    <CsrfField />
                    <input
                      name="owner"
                      required
                      maxlength={128}
                      placeholder="owner (person or team)"
                      aria-label="owner"
                    />
                    <input
                      name="purpose"
                      required
                      maxlength={500}
                      placeholder="purpose"
                      aria-label="purpose"
                    />
                    <button type="submit">Accept</button>
                  </form>
                  <form method="post" action={`/review/${item.id}/ignore`} class="inline">
                    <CsrfField />
                    <input
                      name="note"
                      required
                      maxlength={2000}
                      placeholder="why ignore it"
                      aria-label="note"
                    />
                    <button type="submit">Ignore</button>
                  </form>
                </>
              ) : (
                <span>
                  {item.status} by {item.decidedBy} <Time iso={item.decidedAt} /> {item.note ?? ''}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
