/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { DriftEventView, Page } from '../../services/views.ts';
import { driftQuery, parseQuery } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { ChangeList, EmptyState, Pager, Time } from './components.tsx';
import { assetPath, hrefWith, sitePath } from './format.ts';
import { Layout } from './layout.tsx';

export function createDriftPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const query = parseQuery(c, driftQuery);
    const { siteId, assetId, state, ...page } = query;
    const drift = services.drift.listDrift({ siteId, assetId, state }, page);
    const href = (offset: number) =>
      hrefWith('/drift', { siteId, assetId, state, limit: page.limit, offset });
    return c.html(
      <Layout title="Drift" nav="drift">
        <h1>Drift</h1>
        <form method="get" action="/drift" class="filter">
          <label>
            Site <input name="siteId" value={siteId ?? ''} placeholder="all sites" />
          </label>
          <button type="submit">Filter</button>
          {siteId !== undefined ? <a href="/drift">Show all sites</a> : null}
        </form>
        {drift.total === 0 ? (
          <EmptyState>
            No drift detected{siteId === undefined ? '' : ` at site ${siteId}`}. An agent reports drift when
            an asset's configuration (setpoints, program, firmware) changes between two polls.
          </EmptyState>
        ) : (
          <>
            <DriftTable drift={drift} />
            <Pager {...page} total={drift.total} href={href} />
          </>
        )}
      </Layout>,
    );
  });
}

function DriftTable({ drift }: { drift: Page<DriftEventView> }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Detected</th>
          <th>Site</th>
          <th>Asset</th>
          <th>Agent</th>
          <th>State</th>
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
              <a href={sitePath(event.siteId)}>{event.siteId}</a>
            </td>
            <td>
              <a href={assetPath(event.siteId, event.assetId)}>{event.assetId}</a>
            </td>
            <td>{event.agentId}</td>
            <td>
              <span class="badge bad">{event.state}</span>
            </td>
            <td>
              <ChangeList changes={event.changes} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
