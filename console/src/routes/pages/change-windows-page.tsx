/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireSite } from '../../auth/principal.ts';
import { changeWindowInputSchema } from '../../governance/inputs.ts';
import type { ChangeWindowView } from '../../services/governance/change-window-service.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { Page } from '../../services/views.ts';
import { changeWindowQuery } from '../api/change-windows.ts';
import { requireAllowed } from '../api/mutations.ts';
import { idParams, parseParams, parseQuery } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { EmptyState, Pager, Time } from './components.tsx';
import { CsrfField, Notice } from './form-fields.tsx';
import { hrefWith, sitePath } from './format.ts';
import { parseForm, seeOther } from './forms.ts';
import { Layout } from './layout.tsx';

const DONE: Record<string, string> = {
  created: 'Change window created. Drift on its assets during the window is classified as planned.',
  cancelled: 'Change window cancelled.',
};

/** The form sends asset ids as one comma- or space-separated field. */
const windowForm = z.preprocess((raw) => {
  const { assetIds, ...rest } = raw as Record<string, unknown>;
  const ids = typeof assetIds === 'string' ? assetIds.slice(0, 70_000).split(/[\s,]+/) : [];
  return { ...rest, assetIds: ids.filter((id) => id !== '') };
}, changeWindowInputSchema);

export function createChangeWindowsPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const { siteId, activeAt, includeCancelled, ...page } = parseQuery(c, changeWindowQuery);
      const windows = services.changeWindows.list(
        { siteId, activeAt, includeCancelled: includeCancelled === 'true', sites: scopeOf(c) },
        page,
      );
      const href = (offset: number) =>
        hrefWith('/change-windows', { siteId, includeCancelled, offset, limit: page.limit });
      return c.html(
        <Layout title="Change windows" nav="windows">
          <h1>Change windows</h1>
          <Notice code={c.req.query('done')} messages={DONE} />
          <p class="muted">
            A planned change: drift detected on its assets between its start and end is classified as planned.
            It still needs a person's confirmation, with the window's ticket filled in.
          </p>
          {windows.total === 0 ? (
            <EmptyState>No change windows{siteId ? ` at site ${siteId}` : ''}.</EmptyState>
          ) : (
            <>
              <WindowTable windows={windows} />
              <Pager {...page} total={windows.total} href={href} />
            </>
          )}
          <p>
            <a href={hrefWith('/change-windows', { siteId, includeCancelled: 'true' })}>
              Include cancelled windows
            </a>
          </p>
          <h2>Plan a change</h2>
          <form method="post" action="/change-windows" class="stacked">
            <CsrfField />
            <label for="siteId">Site</label>
            <input id="siteId" name="siteId" required value={siteId ?? ''} />
            <label for="assetIds">Assets</label>
            <input id="assetIds" name="assetIds" placeholder="press-01, press-02 (empty: the whole site)" />
            <label for="startsAt">Starts (ISO time)</label>
            <input id="startsAt" name="startsAt" required placeholder="2026-11-22T08:00:00Z" />
            <label for="endsAt">Ends (ISO time)</label>
            <input id="endsAt" name="endsAt" required placeholder="2026-11-22T12:00:00Z" />
            <label for="ticket">Change ticket</label>
            <input id="ticket" name="ticket" required maxlength={128} />
            <label for="owner">Owner</label>
            <input id="owner" name="owner" required maxlength={128} placeholder="person or team" />
            <label for="description">Description</label>
            <textarea id="description" name="description" maxlength={1000} />
            <span />
            <button type="submit">Create change window</button>
          </form>
        </Layout>,
      );
    })
    .post('/', async (c) => {
      const { sites } = requireAllowed(c, 'decide');
      const { actor, input } = await parseForm(c, windowForm);
      requireSite(sites, input.siteId);
      const created = services.changeWindows.create(input, actor);
      return seeOther(c, `/change-windows?done=created#window-${created.id}`);
    })
    .post('/:id/cancel', async (c) => {
      const { id } = parseParams(c, idParams);
      requireSite(
        requireAllowed(c, 'decide').sites,
        services.changeWindows.get(id).siteId,
        `change window ${id}`,
      );
      const { actor } = await parseForm(c, z.object({}));
      services.changeWindows.cancel(id, actor);
      return seeOther(c, '/change-windows?done=cancelled');
    });
}

function WindowTable({ windows }: { windows: Page<ChangeWindowView> }) {
  return (
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>Site</th>
          <th>Assets</th>
          <th>Window</th>
          <th>Ticket</th>
          <th>Owner</th>
          <th>Description</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {windows.items.map((window) => (
          <tr id={`window-${window.id}`}>
            <td>{window.id}</td>
            <td>
              <a href={sitePath(window.siteId)}>{window.siteId}</a>
            </td>
            <td>{window.assetIds.length === 0 ? 'whole site' : window.assetIds.join(', ')}</td>
            <td>
              <Time iso={window.startsAt} /> – <Time iso={window.endsAt} />
            </td>
            <td>{window.ticket}</td>
            <td>{window.owner}</td>
            <td>{window.description}</td>
            <td>
              {window.cancelledAt ? (
                <span class="badge muted">cancelled by {window.cancelledBy}</span>
              ) : (
                <form method="post" action={`/change-windows/${window.id}/cancel`} class="inline">
                  <CsrfField />
                  <button type="submit">Cancel</button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
