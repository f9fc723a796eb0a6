/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { DriftEventView, Page, PageRequest, SiteDetail } from '../../services/views.ts';
import { pageQuery, parseParams, parseQuery, siteParams } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { AgentStateBadge, ChangeList, EmptyState, Pager, PollBadge, Time } from './components.tsx';
import { assetPath, hrefWith, sitePath } from './format.ts';
import { Layout } from './layout.tsx';

export function createSitePage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:siteId', (c) => {
    const { siteId } = parseParams(c, siteParams);
    const page = parseQuery(c, pageQuery);
    const site = services.fleet.getSite(siteId, page);
    const drift = services.drift.listDrift({ siteId, state: 'open' }, { limit: 100, offset: 0 });
    return c.html(<SitePage site={site} drift={drift} page={page} />);
  });
}

function SitePage({
  site,
  drift,
  page,
}: {
  site: SiteDetail;
  drift: Page<DriftEventView>;
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

      <h2>Open drift</h2>
      {drift.total === 0 ? (
        <EmptyState>
          No open drift at this site. Configuration changes that agents detect appear here.
        </EmptyState>
      ) : (
        <DriftSummaryTable drift={drift} />
      )}
    </Layout>
  );
}

function DriftSummaryTable({ drift }: { drift: Page<DriftEventView> }) {
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>Detected</th>
            <th>Asset</th>
            <th>Changes</th>
          </tr>
        </thead>
        <tbody>
          {drift.items.map((event) => (
            <tr>
              <td>
                <Time iso={event.detectedAt} />
              </td>
              <td>
                <a href={assetPath(event.siteId, event.assetId)}>{event.assetId}</a>
              </td>
              <td>
                <ChangeList changes={event.changes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {drift.total > drift.items.length ? (
        <p>
          <a href={hrefWith('/drift', { siteId: drift.items[0]?.siteId, state: 'open' })}>
            All {drift.total} open drift events
          </a>
        </p>
      ) : null}
    </>
  );
}
