/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { FleetTotals, Page, PageRequest, SiteSummary } from '../../services/views.ts';
import { pageQuery, parseQuery } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { EmptyState, Pager, Time } from './components.tsx';
import { hrefWith, sitePath } from './format.ts';
import { Layout } from './layout.tsx';

export interface PageOptions {
  /** The MQTT URL agents should use, shown where the console explains how to connect one. */
  mqttUrl: string;
}

export function createFleetPage(services: ConsoleServices, options: PageOptions): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const page = parseQuery(c, pageQuery);
    const sites = services.fleet.listSites(page);
    const totals = services.fleet.fleetTotals();
    return c.html(<FleetPage sites={sites} totals={totals} page={page} mqttUrl={options.mqttUrl} />);
  });
}

interface FleetPageProps {
  sites: Page<SiteSummary>;
  totals: FleetTotals;
  page: PageRequest;
  mqttUrl: string;
}

function FleetPage({ sites, totals, page, mqttUrl }: FleetPageProps) {
  return (
    <Layout title="Fleet" nav="fleet">
      <h1>Fleet</h1>
      <p class="muted">
        Inventory export: <a href="/api/v1/export/inventory.csv">CSV</a> ·{' '}
        <a href="/api/v1/export/inventory.json">JSON</a>
      </p>
      <dl class="totals">
        <div>
          <dt>Sites</dt>
          <dd>{totals.sites}</dd>
        </div>
        <div>
          <dt>Assets</dt>
          <dd>{totals.assets}</dd>
        </div>
        <div>
          <dt>Agents online</dt>
          <dd>
            {totals.agentsOnline} / {totals.agentsTotal}
          </dd>
        </div>
        <div>
          <dt>Open drift</dt>
          <dd class={totals.openDrift > 0 ? 'alert' : undefined}>{totals.openDrift}</dd>
        </div>
      </dl>
      {sites.total === 0 ? (
        <EmptyState>
          No agents have reported yet. Start an agent (<code>plantwatch-agent</code>) with{' '}
          <code>mqtt.url: {mqttUrl}</code> in its configuration file; its site and assets appear here after
          its first poll.
        </EmptyState>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th>Site</th>
                <th class="num">Assets</th>
                <th class="num">Agents online</th>
                <th class="num">Open drift</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {sites.items.map((site) => (
                <tr>
                  <td>
                    <a href={sitePath(site.siteId)}>{site.siteId}</a>
                  </td>
                  <td class="num">{site.assetCount}</td>
                  <td class="num">
                    {site.agentsOnline} / {site.agentsTotal}
                  </td>
                  <td class={site.openDrift > 0 ? 'num alert' : 'num'}>{site.openDrift}</td>
                  <td>
                    <Time iso={site.lastSeenAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            {...page}
            total={sites.total}
            href={(offset) => hrefWith('/', { offset, limit: page.limit })}
          />
        </>
      )}
    </Layout>
  );
}
