/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { DriftRecordView } from '../../services/governance/drift-record-views.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { Page, PageRequest, SiteDetail } from '../../services/views.ts';
import { pageQuery, parseParams, parseQuery, siteParams } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { AgentStateBadge, EmptyState, Pager, PollBadge, Time } from './components.tsx';
import { DriftRecordTable } from './drift-components.tsx';
import { assetPath, hrefWith, sitePath } from './format.ts';
import { Layout } from './layout.tsx';

export function createSitePage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:siteId', (c) => {
    const { siteId } = parseParams(c, siteParams);
    const page = parseQuery(c, pageQuery);
    const site = services.fleet.getSite(siteId, page);
    const drift = services.drift.list({ siteId, states: ['open', 'planned'] }, { limit: 100, offset: 0 });
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
  return (
    <Layout title={`Site ${site.siteId}`} nav="fleet">
      <p class="crumbs">
        <a href="/">Fleet</a> / {site.siteId}
      </p>
      <h1>Site {site.siteId}</h1>
      <p class="muted">
        Last seen <Time iso={site.lastSeenAt} /> · {site.assetCount} assets · {site.openDrift} open drift
      </p>

      <h2>Agents</h2>
      <table>
        <thead>
          <tr>
            <th>Agent</th>
            <th>State</th>
            <th>Version</th>
            <th>Started</th>
            <th>Last seen</th>
            <th class="num">Last seq</th>
          </tr>
        </thead>
        <tbody>
          {site.agents.map((agent) => (
            <tr>
              <td>{agent.agentId}</td>
              <td>
                <AgentStateBadge state={agent.state} />
              </td>
              <td>{agent.agentVersion ?? '—'}</td>
              <td>
                <Time iso={agent.startedAt} />
              </td>
              <td>
                <Time iso={agent.lastSeenAt} />
              </td>
              <td class="num">{agent.lastSeq}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Assets</h2>
      {site.assetCount === 0 ? (
        <EmptyState>
          No assets reported at this site yet. An agent reports each of its targets after polling it; check
          the <code>targets</code> in the agent's configuration.
        </EmptyState>
      ) : (
        <>
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
                  <td>
                    <a href={assetPath(asset.siteId, asset.assetId)}>{asset.assetId}</a>
                  </td>
                  <td>{asset.identity.vendor ?? '—'}</td>
                  <td>{asset.identity.model ?? asset.identity.productName ?? '—'}</td>
                  <td>{asset.identity.firmware ?? asset.identity.revision ?? '—'}</td>
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
          <Pager
            {...page}
            total={site.assetCount}
            href={(offset) => hrefWith(sitePath(site.siteId), { offset, limit: page.limit })}
          />
        </>
      )}

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

      <h2>Drift waiting for a decision</h2>
      {drift.total === 0 ? (
        <EmptyState>
          No open drift at this site. Differences from the approved baselines of its assets appear here.
        </EmptyState>
      ) : (
        <DriftSummaryTable drift={drift} />
      )}
    </Layout>
  );
}

function DriftSummaryTable({ drift }: { drift: Page<DriftRecordView> }) {
  return (
    <>
      <DriftRecordTable records={drift.items} />
      {drift.total > drift.items.length ? (
        <p>
          <a href={hrefWith('/drift', { siteId: drift.items[0]?.siteId, state: 'open,planned' })}>
            All {drift.total} drift records waiting for a decision
          </a>
        </p>
      ) : null}
    </>
  );
}
