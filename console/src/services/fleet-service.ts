import { PlantwatchError } from '@plantwatch/shared';
import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { assets, assetVersions, sites } from '../db/schema/index.ts';
import type { AgentService } from './agent-service.ts';
import type { AssetService } from './asset-service.ts';
import { assetClassSql, vendorSql } from './inventory-query.ts';
import { reading } from './query-errors.ts';
import { inScope, requireSite, type SiteScope } from './site-scope.ts';
import type {
  DriftTrendWeek,
  FleetCounts,
  FleetTotals,
  Page,
  PageRequest,
  SiteDetail,
  SiteSort,
  SiteSummary,
  SortedPageRequest,
} from './views.ts';

/** Every method takes the caller's site scope: only its sites are counted, listed or shown. */
export interface FleetService {
  /** One row per site with its counts, sorted by any column and paged in SQL. */
  listSites(scope: SiteScope, page: SortedPageRequest<SiteSort>): Page<SiteSummary>;
  fleetTotals(scope: SiteScope): FleetTotals;
  /** Drift records opened and decided per week, oldest week first, `weeks` weeks up to this one. */
  driftTrend(scope: SiteScope, weeks: number): DriftTrendWeek[];
  /** Throws `not_found` for an unknown site or one outside the scope. `page` pages its assets. */
  getSite(scope: SiteScope, siteId: string, page: PageRequest): SiteDetail;
}

export interface FleetServiceOptions {
  now?: () => Date;
  /**
   * A target counts as covered when a poll of it succeeded this recently. Agents poll every
   * minute by default; five minutes tolerates a few retries and a slow broker.
   */
  coverageWindowMs?: number;
}

export const DEFAULT_COVERAGE_WINDOW_MS = 5 * 60_000;
const RECENT_CHANGES = 20;
const ASSET_MIX_ROWS = 50;

// Correlated subqueries: each uses an index on site_id, and with the default sort only the sites of
// one page are counted. They name columns by hand because drizzle leaves columns unqualified in a
// one-table select, which would turn `assets.site_id = sites.site_id` into `site_id = site_id`.
const siteCounts = (cutoff: string) => ({
  assetCount: sql<number>`(select count(*) from assets a where a.site_id = sites.site_id)`.as('asset_count'),
  agentsOnline:
    sql<number>`(select count(*) from agents g where g.site_id = sites.site_id and g.state = 'online')`.as(
      'agents_online',
    ),
  agentsOffline:
    sql<number>`(select count(*) from agents g where g.site_id = sites.site_id and g.state = 'offline')`.as(
      'agents_offline',
    ),
  agentsTotal: sql<number>`(select count(*) from agents g where g.site_id = sites.site_id)`.as(
    'agents_total',
  ),
  openDrift:
    sql<number>`(select count(*) from drift_records d where d.site_id = sites.site_id and d.state in ('open', 'planned'))`.as(
      'open_drift',
    ),
  unauthorized:
    sql<number>`(select count(*) from drift_records d where d.site_id = sites.site_id and d.state in ('unauthorized', 'resolved'))`.as(
      'unauthorized',
    ),
  unresolvedUnauthorized:
    sql<number>`(select count(*) from drift_records d where d.site_id = sites.site_id and d.state = 'unauthorized')`.as(
      'unresolved_unauthorized',
    ),
  // Assets minus owned assets: an owner is only ever set for a known asset, and assets are never
  // deleted, so this equals the assets without an owner, counted from two narrow index ranges
  // instead of one owner lookup per asset.
  unownedAssets:
    sql<number>`((select count(*) from assets a where a.site_id = sites.site_id) - (select count(*) from owners o where o.entity_type = 'asset' and o.site_id = sites.site_id))`.as(
      'unowned_assets',
    ),
  newestPollAt: sql<
    string | null
  >`(select max(a.last_poll_at) from assets a where a.site_id = sites.site_id and a.poll_ok = 1)`.as(
    'newest_poll_at',
  ),
  coveredTargets:
    sql<number>`(select count(*) from assets a where a.site_id = sites.site_id and a.poll_ok = 1 and a.last_poll_at >= ${cutoff})`.as(
      'covered_targets',
    ),
  // An agent that has sent no status yet has no target count: count the assets it reported.
  configuredTargets:
    sql<number>`(select coalesce(sum(coalesce(g.target_count, (select count(*) from assets x where x.agent_id = g.agent_id))), 0) from agents g where g.site_id = sites.site_id)`.as(
      'configured_targets',
    ),
});

/** Each sortable column as an ORDER BY term over the aliases above, then the site id. */
function siteOrder(sort: SiteSort, dir: 'asc' | 'desc'): SQL[] {
  const direction = sql.raw(dir);
  const reverse = sql.raw(dir === 'asc' ? 'desc' : 'asc');
  const term: Record<SiteSort, SQL> = {
    site: sql`${sites.siteId} ${direction}`,
    assets: sql`asset_count ${direction}`,
    agentsOnline: sql`agents_online ${direction}`,
    agentsOffline: sql`agents_offline ${direction}`,
    openDrift: sql`open_drift ${direction}`,
    unauthorized: sql`unauthorized ${direction}, unresolved_unauthorized ${direction}`,
    unowned: sql`unowned_assets ${direction}`,
    // By age: ascending puts the most recent poll first, and sites never polled last.
    newestPoll: sql`newest_poll_at ${reverse} nulls ${sql.raw(dir === 'asc' ? 'last' : 'first')}`,
    coverage: sql`cast(covered_targets as real) / nullif(configured_targets, 0) ${direction} nulls last`,
    lastSeen: sql`${sites.lastSeenAt} ${direction}`,
  };
  return sort === 'site' ? [term.site] : [term[sort], sql`${sites.siteId} asc`];
}

function weekStart(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day;
}

export function createFleetService(
  db: ConsoleDatabase,
  deps: { assets: AssetService; agents: AgentService },
  options: FleetServiceOptions = {},
): FleetService {
  const now = options.now ?? (() => new Date());
  const coverageWindowMs = options.coverageWindowMs ?? DEFAULT_COVERAGE_WINDOW_MS;

  function withAge<T extends { newestPollAt: string | null }>(
    row: T,
    at: Date,
  ): T & { newestPollAgeMs: number | null } {
    const newestPollAgeMs =
      row.newestPollAt === null ? null : Math.max(0, at.getTime() - Date.parse(row.newestPollAt));
    return { ...row, newestPollAgeMs };
  }

  function selectSites(at: Date) {
    const cutoff = new Date(at.getTime() - coverageWindowMs).toISOString();
    return db
      .select({ siteId: sites.siteId, lastSeenAt: sites.lastSeenAt, ...siteCounts(cutoff) })
      .from(sites);
  }

  function totals(scope: SiteScope, at: Date): FleetCounts & { sites: number } {
    const cutoff = new Date(at.getTime() - coverageWindowMs).toISOString();
    const scoped = (column: string) =>
      scope === null ? sql`1` : (inScope(sql.raw(column), scope) ?? sql`1`);
    const one = <T>(query: SQL) => db.get<T>(query);
    const siteCount = one<{ n: number }>(sql`select count(*) as n from sites where ${scoped('site_id')}`);
    const agentCounts = one<{ total: number; online: number; offline: number }>(sql`
      select count(*) as total, coalesce(sum(state = 'online'), 0) as online,
        coalesce(sum(state = 'offline'), 0) as offline
      from agents where ${scoped('site_id')}`);
    const driftCounts = one<{ open: number; unauthorized: number; unresolved: number }>(sql`
      select coalesce(sum(state in ('open', 'planned')), 0) as open,
        coalesce(sum(state in ('unauthorized', 'resolved')), 0) as unauthorized,
        coalesce(sum(state = 'unauthorized'), 0) as unresolved
      from drift_records where ${scoped('site_id')}`);
    // Separate queries, so that each reads one narrow index instead of every asset row.
    const assetTotal = one<{ n: number }>(sql`select count(*) as n from assets where ${scoped('site_id')}`);
    // As per site: assets minus owned assets.
    const owned = one<{ n: number }>(
      sql`select count(*) as n from owners where entity_type = 'asset' and ${scoped('site_id')}`,
    );
    const polls = one<{ newest: string | null; covered: number }>(sql`
      select max(last_poll_at) as newest, coalesce(sum(last_poll_at >= ${cutoff}), 0) as covered
      from assets where ${scoped('site_id')} and poll_ok = 1`);
    const configured = one<{ n: number }>(sql`
      select coalesce(sum(coalesce(g.target_count,
        (select count(*) from assets x where x.agent_id = g.agent_id))), 0) as n
      from agents g where ${scoped('g.site_id')}`);
    return {
      sites: siteCount.n,
      assetCount: assetTotal.n,
      agentsOnline: agentCounts.online,
      agentsOffline: agentCounts.offline,
      agentsTotal: agentCounts.total,
      openDrift: driftCounts.open,
      unauthorized: driftCounts.unauthorized,
      unresolvedUnauthorized: driftCounts.unresolved,
      unownedAssets: assetTotal.n - owned.n,
      newestPollAt: polls.newest,
      newestPollAgeMs: null,
      coveredTargets: polls.covered,
      configuredTargets: configured.n,
    };
  }

  return {
    listSites(scope, page) {
      return reading('sites', () => {
        const at = now();
        const where = inScope(sites.siteId, scope);
        const items = selectSites(at)
          .where(where)
          .orderBy(...siteOrder(page.sort, page.dir))
          .limit(page.limit)
          .offset(page.offset)
          .all()
          .map((row) => withAge(row, at));
        const total = db.select({ total: count() }).from(sites).where(where).get()?.total ?? 0;
        return { items, total };
      });
    },

    fleetTotals(scope) {
      return reading('fleet totals', () => {
        const at = now();
        return { ...withAge(totals(scope, at), at), coverageWindowMs };
      });
    },

    driftTrend(scope, weeks) {
      return reading('drift trend', () => {
        const first = weekStart(now());
        first.setUTCDate(first.getUTCDate() - 7 * (weeks - 1));
        const start = first.toISOString();
        const week = (column: string) => sql.raw(`date(${column}, 'weekday 0', '-6 days')`);
        const where = (column: string) =>
          and(sql`${sql.raw(column)} >= ${start}`, inScope(sql.raw('site_id'), scope));
        const opened = db.all<{ week: string; n: number }>(sql`
          select ${week('opened_at')} as week, count(*) as n from drift_records
          where ${where('opened_at')} group by week`);
        const decided = db.all<{ week: string; approved: number; unauthorized: number }>(sql`
          select ${week('decided_at')} as week, sum(state = 'approved') as approved,
            sum(state in ('unauthorized', 'resolved')) as unauthorized
          from drift_records where ${where('decided_at')} group by week`);
        return Array.from({ length: weeks }, (_, index) => {
          const day = new Date(first);
          day.setUTCDate(day.getUTCDate() + 7 * index);
          const weekStartDay = day.toISOString().slice(0, 10);
          const decidedWeek = decided.find((row) => row.week === weekStartDay);
          return {
            weekStart: weekStartDay,
            opened: opened.find((row) => row.week === weekStartDay)?.n ?? 0,
            approved: decidedWeek?.approved ?? 0,
            unauthorized: decidedWeek?.unauthorized ?? 0,
          };
        });
      });
    },

    getSite(scope, siteId, page) {
      requireSite(scope, siteId);
      const at = now();
      const site = reading(`site ${siteId}`, () => selectSites(at).where(eq(sites.siteId, siteId)).get());
      if (!site) throw new PlantwatchError('not_found', `no site ${siteId}`);
      // A site has a handful of agents (gateways); its assets can be thousands, so they are paged.
      const agents = deps.agents.list(
        scope,
        { siteId },
        { sort: 'agent', dir: 'asc', limit: 1_000, offset: 0 },
      ).items;
      const siteAssets = deps.assets.listAssets(
        scope,
        { siteId },
        { sort: 'asset', dir: 'asc', ...page },
      ).items;
      const { assetMix, recentChanges } = reading(`site ${siteId}`, () => ({
        assetMix: db
          .select({
            assetClass: assetClassSql,
            protocol: assets.protocol,
            vendor: vendorSql,
            assets: sql<number>`count(*)`,
          })
          .from(assets)
          .where(eq(assets.siteId, siteId))
          .groupBy(assetClassSql, assets.protocol, vendorSql)
          .orderBy(desc(sql`count(*)`), assetClassSql, vendorSql)
          .limit(ASSET_MIX_ROWS)
          .all(),
        recentChanges: db
          .select({
            assetId: assetVersions.assetId,
            fingerprint: assetVersions.fingerprint,
            previousFingerprint: sql<string | null>`(select p.fingerprint from asset_versions p
              where p.site_id = asset_versions.site_id and p.asset_id = asset_versions.asset_id
                and p.id < asset_versions.id order by p.id desc limit 1)`,
            observedAt: assetVersions.observedAt,
          })
          .from(assetVersions)
          .where(eq(assetVersions.siteId, siteId))
          .orderBy(desc(assetVersions.observedAt), desc(assetVersions.id))
          .limit(RECENT_CHANGES)
          .all(),
      }));
      return { ...withAge(site, at), agents, assets: siteAssets, assetMix, recentChanges };
    },
  };
}
