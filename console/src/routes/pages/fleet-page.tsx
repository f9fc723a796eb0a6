/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type {
  DriftTrendWeek,
  FleetTotals,
  Page,
  SiteSort,
  SiteSummary,
  SortDirection,
  SortedPageRequest,
} from '../../services/views.ts';
import { parseQuery } from '../api/params.ts';
import { siteListQuery } from '../api/view-params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { Age, Count, Coverage, EmptyState, formatAge, Pager, SortHeader } from './components.tsx';
import { hrefWith, sitePath } from './format.ts';
import { ClockSkew, Outbox } from './health-cells.tsx';
import { Layout } from './layout.tsx';
import { DriftTrendChart } from './trend-chart.tsx';

export interface PageOptions {
  /** The MQTT URL agents should use, shown where the console explains how to connect one. */
  mqttUrl: string;
}

const TREND_WEEKS = 12;
/** A site whose newest successful poll is older than this is marked stale. */
const STALE_POLL_MS = 15 * 60_000;

export function createFleetPage(services: ConsoleServices, options: PageOptions): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const scope = scopeOf(c);
    const page = parseQuery(c, siteListQuery);
    return c.html(
      <FleetPage
        sites={services.fleet.listSites(scope, page)}
        totals={services.fleet.fleetTotals(scope)}
        trend={services.fleet.driftTrend(scope, TREND_WEEKS)}
        page={page}
        mqttUrl={options.mqttUrl}
      />,
    );
  });
}

interface FleetPageProps {
  sites: Page<SiteSummary>;
  totals: FleetTotals;
  trend: DriftTrendWeek[];
  page: SortedPageRequest<SiteSort>;
  mqttUrl: string;
}

function FleetPage({ sites, totals, trend, page, mqttUrl }: FleetPageProps) {
  const sortHref = (sort: SiteSort, dir: SortDirection) => hrefWith('/', { sort, dir, limit: page.limit });
  const header = (label: string, sortKey: SiteSort, numeric = true) => (
    <SortHeader
      label={label}
      sortKey={sortKey}
      sort={page.sort}
      dir={page.dir}
      firstDir={numeric ? 'desc' : 'asc'}
      numeric={numeric}
      href={sortHref}
    />
  );
  return (
    <Layout title="Fleet" nav="fleet">
      <h1>Fleet</h1>
      <Totals totals={totals} />
      {sites.total === 0 ? (
        <EmptyState>
          No agents have reported yet. Start an agent (<code>plantwatch-agent</code>) with{' '}
          <code>mqtt.url: {mqttUrl}</code> in its configuration file; its site and assets appear here after
          its first poll.
        </EmptyState>
      ) : (
        <>
          <h2>Drift per week</h2>
          <DriftTrendChart weeks={trend} />
          <h2>Sites</h2>
          <p class="muted">
            Coverage: targets polled successfully in the last {formatAge(totals.coverageWindowMs)} out of the
            targets configured on the site's agents. Outbox: messages waiting on the site's agents; clock: the
            agent clock furthest from the console's. <a href="/inventory">Search the inventory</a> ·{' '}
            <a href="/agents">Agent health</a>
          </p>
          <div class="scroll">
            <table class="sites">
              <thead>
                <tr>
                  {header('Site', 'site', false)}
                  {header('Assets', 'assets')}
                  {header('Agents online', 'agentsOnline')}
                  {header('Offline', 'agentsOffline')}
                  {header('Open drift', 'openDrift')}
                  {header('Unauthorized', 'unauthorized')}
                  {header('Unowned', 'unowned')}
                  {/* Ascending by age: the freshest first; the first click shows the stalest. */}
                  <SortHeader
                    label="Newest poll"
                    sortKey="newestPoll"
                    sort={page.sort}
                    dir={page.dir}
                    firstDir="desc"
                    href={sortHref}
                  />
                  {header('Coverage', 'coverage')}
                  {header('Outbox', 'outbox')}
                  {header('Clock', 'clockSkew')}
                </tr>
              </thead>
              <tbody>
                {sites.items.map((site) => (
                  <SiteRow site={site} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            {...page}
            total={sites.total}
            href={(offset) => hrefWith('/', { sort: page.sort, dir: page.dir, offset, limit: page.limit })}
          />
        </>
      )}
    </Layout>
  );
}

function SiteRow({ site }: { site: SiteSummary }) {
  const href = sitePath(site.siteId);
  return (
    <tr>
      <td class="name">
        <a href={href}>{site.siteId}</a>
      </td>
      <td class="num">
        <a href={hrefWith('/inventory', { siteId: site.siteId })}>{site.assetCount}</a>
      </td>
      <td class="num">
        {site.agentsOnline} / {site.agentsTotal}
      </td>
      <td class="num">
        <Count value={site.agentsOffline} />
      </td>
      <td class="num">
        <a href={hrefWith('/drift', { siteId: site.siteId, state: 'open,planned' })}>
          <Count value={site.openDrift} />
        </a>
      </td>
      <td class="num">
        <a href={hrefWith('/drift', { siteId: site.siteId, state: 'unauthorized,resolved' })}>
          <Count value={site.unresolvedUnauthorized} />
          {site.unauthorized > site.unresolvedUnauthorized
            ? ` (+${site.unauthorized - site.unresolvedUnauthorized} resolved)`
            : ''}
        </a>
      </td>
      <td class="num">
        <a href={hrefWith('/inventory', { siteId: site.siteId, owned: 'no' })}>
          <Count value={site.unownedAssets} />
        </a>
      </td>
      <td>
        <Age ms={site.newestPollAgeMs} iso={site.newestPollAt} staleAfterMs={STALE_POLL_MS} />
      </td>
      <td class="num">
        <Coverage covered={site.coveredTargets} configured={site.configuredTargets} />
      </td>
      <td class="num">
        <a href={hrefWith('/agents', { siteId: site.siteId })}>
          <Outbox depth={site.outboxDepth} />
        </a>
      </td>
      <td class="num">
        <ClockSkew ms={site.maxClockSkewMs} />
      </td>
    </tr>
  );
}

function Totals({ totals }: { totals: FleetTotals }) {
  return (
    <dl class="totals">
      <div>
        <dt>Sites</dt>
        <dd>{totals.sites}</dd>
      </div>
      <div>
        <dt>Assets</dt>
        <dd>{totals.assetCount}</dd>
      </div>
      <div>
        <dt>Agents online</dt>
        <dd>
          {totals.agentsOnline} / {totals.agentsTotal}
        </dd>
      </div>
      <div>
        <dt>Agents offline</dt>
        <dd>
          <Count value={totals.agentsOffline} />
        </dd>
      </div>
      <div>
        <dt>Open drift</dt>
        <dd>
          <Count value={totals.openDrift} />
        </dd>
      </div>
      <div>
        <dt>Unauthorized (unresolved)</dt>
        <dd>
          <Count value={totals.unresolvedUnauthorized} />
        </dd>
      </div>
      <div>
        <dt>Unowned assets</dt>
        <dd>
          <Count value={totals.unownedAssets} />
        </dd>
      </div>
      <div>
        <dt>Newest poll</dt>
        <dd>
          <Age ms={totals.newestPollAgeMs} iso={totals.newestPollAt} staleAfterMs={STALE_POLL_MS} />
        </dd>
      </div>
      <div>
        <dt>Coverage</dt>
        <dd>
          <Coverage covered={totals.coveredTargets} configured={totals.configuredTargets} />
        </dd>
      </div>
      <div>
        <dt>Waiting in outboxes</dt>
        <dd>
          <Outbox depth={totals.outboxDepth} />
        </dd>
      </div>
      <div>
        <dt>Worst clock</dt>
        <dd>
          <ClockSkew ms={totals.maxClockSkewMs} />
        </dd>
      </div>
    </dl>
  );
}
