/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { DriftRecordView } from '../../services/governance/drift-record-views.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { Page, PageRequest, RecentChange, SiteDetail } from '../../services/views.ts';
import { pageQuery, parseParams, parseQuery, siteParams } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { AgentTable } from './agent-table.tsx';
import { Age, Count, Coverage, EmptyState, Pager, PollBadge, Time } from './components.tsx';
import { DriftRecordTable } from './drift-components.tsx';
import { assetPath, hrefWith, shortFingerprint, sitePath } from './format.ts';
import { ClockSkew, Outbox } from './health-cells.tsx';
import { Layout } from './layout.tsx';

const DRIFT_SHOWN = 50;

export function createSitePage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:siteId', (c) => {
    const { siteId } = parseParams(c, siteParams);
    const page = parseQuery(c, pageQuery);
    // getSite checks the scope first: a site outside it is not found, like one that does not exist.
    const site = services.fleet.getSite(scopeOf(c), siteId, page);
    const drift = services.drift.list(
      { siteId, states: ['open', 'planned'] },
      { limit: DRIFT_SHOWN, offset: 0 },
    );
    return c.html(<SitePage site={site} drift={drift} page={page} />);
  });
}

function SitePage({
  site,
  drift,
  page,
}: {
  site: SiteDetail;
  drift: Page<DriftRecordView>;
  page: PageRequest;
}) {
  const inventory = hrefWith('/inventory', { siteId: site.siteId });
  return (
    <Layout title={`Site ${site.siteId}`} nav="fleet">
      <p class="crumbs">
        <a href="/">Fleet</a> / {site.siteId}
      </p>
      <h1>Site {site.siteId}</h1>
      <dl class="facts">
        <dt>Last heard from</dt>
        <dd>
          <Time iso={site.lastSeenAt} />
        </dd>
        <dt>Assets</dt>
        <dd>
          <a href={inventory}>{site.assetCount}</a> (unowned:{' '}
          <a href={hrefWith('/inventory', { siteId: site.siteId, owned: 'no' })}>
            <Count value={site.unownedAssets} />
          </a>
          )
        </dd>
        <dt>Newest successful poll</dt>
        <dd>
          <Age ms={site.newestPollAgeMs} iso={site.newestPollAt} />
        </dd>
        <dt>Coverage</dt>
        <dd>
          <Coverage covered={site.coveredTargets} configured={site.configuredTargets} />
        </dd>
        <dt>Waiting in outboxes</dt>
        <dd>
          <Outbox depth={site.outboxDepth} />
        </dd>
        <dt>Worst agent clock</dt>
        <dd>
          <ClockSkew ms={site.maxClockSkewMs} />
        </dd>
        <dt>Open drift</dt>
        <dd>
          <Count value={site.openDrift} />
        </dd>
        <dt>Unauthorized</dt>
        <dd>
          <Count value={site.unresolvedUnauthorized} /> unresolved, {site.unauthorized} in all
        </dd>
      </dl>

      <h2>Agents</h2>
      {site.agents.length === 0 ? (
        <EmptyState>No agent has reported from this site.</EmptyState>
      ) : (
        <AgentTable agents={site.agents} showSite={false} />
      )}

      <h2>Assets by type and vendor</h2>
      {site.assetMix.length === 0 ? (
        <EmptyState>
          No assets reported at this site yet. An agent reports each of its targets after polling it; check
          the <code>targets</code> in the agent's configuration.
        </EmptyState>
      ) : (
        <table class="narrow">
          <thead>
            <tr>
              <th>Type</th>
              <th>Protocol</th>
              <th>Vendor</th>
              <th class="num">Assets</th>
            </tr>
          </thead>
          <tbody>
            {site.assetMix.map((row) => (
              <tr>
                <td>{row.assetClass}</td>
                <td>{row.protocol}</td>
                <td class="name">{row.vendor ?? <span class="muted">unknown</span>}</td>
                <td class="num">
                  <a
                    href={hrefWith('/inventory', {
                      siteId: site.siteId,
                      protocol: row.protocol,
                      vendor: row.vendor ?? undefined,
                    })}
                  >
                    {row.assets}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Drift waiting for a decision</h2>
      {drift.total === 0 ? (
        <EmptyState>
          No open drift at this site. Differences from the approved baselines of its assets appear here.
        </EmptyState>
      ) : (
        <>
          <DriftRecordTable records={drift.items} />
          {drift.total > drift.items.length ? (
            <p>
              <a href={hrefWith('/drift', { siteId: site.siteId, state: 'open,planned' })}>
                All {drift.total} drift records waiting for a decision
              </a>
            </p>
          ) : null}
        </>
      )}

      <h2>Recent configuration changes</h2>
      <RecentChanges siteId={site.siteId} changes={site.recentChanges} />
      <form method="get" action={`${sitePath(site.siteId)}/changes`} class="filter">
        <strong>What changed here</strong>
        <label>
          from <input name="from" required placeholder="2026-11-01T00:00:00Z" size={22} />
        </label>
        <label>
          to <input name="to" placeholder="now" size={22} />
        </label>
        <button type="submit">Show changes</button>
      </form>

      <h2>Assets</h2>
      {site.assetCount === 0 ? null : (
        <>
          <p class="muted">
            <a href={inventory}>Search, filter and export this site's assets in the inventory.</a>
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Asset</th>
                  <th>Vendor</th>
                  <th>Model</th>
                  <th>Firmware</th>
                  <th>Address</th>
                  <th>Poll</th>
                  <th>Last poll</th>
                </tr>
              </thead>
              <tbody>
                {site.assets.map((asset) => (
                  <tr>
                    <td class="name">
                      <a href={assetPath(asset.siteId, asset.assetId)}>{asset.assetId}</a>
                    </td>
                    <td class="name">{asset.identity.vendor ?? '—'}</td>
                    <td class="name">{asset.identity.model ?? asset.identity.productName ?? '—'}</td>
                    <td class="name">{asset.identity.firmware ?? asset.identity.revision ?? '—'}</td>
                    <td>
                      {asset.protocol} {asset.host}:{asset.port}
                    </td>
                    <td>
                      <PollBadge poll={asset.poll} />
                    </td>
                    <td>
                      <Time iso={asset.lastPollAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            {...page}
            total={site.assetCount}
            href={(offset) => hrefWith(sitePath(site.siteId), { offset, limit: page.limit })}
          />
        </>
      )}
    </Layout>
  );
}

function RecentChanges({ siteId, changes }: { siteId: string; changes: RecentChange[] }) {
  if (changes.length === 0) return <EmptyState>No configuration recorded at this site yet.</EmptyState>;
  return (
    <table>
      <thead>
        <tr>
          <th>Observed</th>
          <th>Asset</th>
          <th>Configuration</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr>
            <td>
              <Time iso={change.observedAt} />
            </td>
            <td class="name">
              <a href={assetPath(siteId, change.assetId)}>{change.assetId}</a>
            </td>
            <td>
              {change.previousFingerprint === null ? (
                <>
                  first seen as <code>{shortFingerprint(change.fingerprint)}</code>
                </>
              ) : (
                <a
                  href={`${hrefWith(assetPath(siteId, change.assetId), {
                    from: change.previousFingerprint,
                    to: change.fingerprint,
                  })}#diff`}
                >
                  <code>{shortFingerprint(change.previousFingerprint)}</code> →{' '}
                  <code>{shortFingerprint(change.fingerprint)}</code>
                </a>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
