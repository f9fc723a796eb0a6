import { PlantwatchError } from '@plantwatch/shared';
import { count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { agents, assets, assetVersions, siteStats, sites } from '../db/schema/index.ts';
import type { AgentService } from './agent-service.ts';
import type { AssetService } from './asset-service.ts';
import { assetClassSql } from './inventory-query.ts';
import {
  coveredSql,
  DEFAULT_COVERAGE_WINDOW_MS,
  newestOkSql,
  siteAgentFiguresSql,
} from './poll-health-sql.ts';
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
  /** See DEFAULT_COVERAGE_WINDOW_MS. */
  coverageWindowMs?: number;
}
const RECENT_CHANGES = 20;
const ASSET_MIX_ROWS = 50;

const siteKey = sql`sites.site_id`;
const bySite = { column: 'site_id', key: siteKey } as const;
const assetCount = sql<number>`coalesce(site_stats.asset_count, 0)`;

/**
 * Per site, from its agents (a thousand rows in a large fleet, read once and joined): counts by
 * state, the targets they poll, and what waits in their outboxes. An agent that has sent no status
 * has no target count: the assets it reported stand in.
 */
function agentsPerSite(db: ConsoleDatabase) {
  return db
    .select({
      siteId: agents.siteId,
      total: sql<number>`count(*)`.as('total'),
      online: sql<number>`sum(${agents.state} = 'online')`.as('online'),
      offline: sql<number>`sum(${agents.state} = 'offline')`.as('offline'),
      // Qualified by hand: drizzle would write a bare agent_id, which the subquery reads as its own.
      configured: sql<number>`sum(coalesce(agents.target_count,
        (select count(*) from assets x where x.agent_id = agents.agent_id)))`.as('configured'),
      outboxDepth: sql<number | null>`sum(${agents.outboxDepth})`.as('outbox_depth_sum'),
    })
    .from(agents)
    .groupBy(agents.siteId)
    .as('site_agents');
}
type AgentsPerSite = ReturnType<typeof agentsPerSite>;

/**
 * One site's counts. The exact counts come from site_stats (kept by triggers) and the agents per
 * site; the rest are correlated subqueries that each read a seek or a short index range, so that
 * sorting all 500 sites of a fleet by any column costs a few milliseconds. They name columns by
 * hand: drizzle leaves columns unqualified in a one-table select.
 */
const siteCounts = (perSite: AgentsPerSite, cutoff: string) => ({
  assetCount: assetCount.as('asset_count'),
  agentsOnline: sql<number>`coalesce(${perSite.online}, 0)`.as('agents_online'),
  agentsOffline: sql<number>`coalesce(${perSite.offline}, 0)`.as('agents_offline'),
  agentsTotal: sql<number>`coalesce(${perSite.total}, 0)`.as('agents_total'),
  openDrift: sql<number>`coalesce(site_stats.open_drift, 0)`.as('open_drift'),
  unauthorized: sql<number>`coalesce(site_stats.unauthorized, 0)`.as('unauthorized'),
  unresolvedUnauthorized: sql<number>`coalesce(site_stats.unresolved_unauthorized, 0)`.as(
    'unresolved_unauthorized',
  ),
  // assets.owner is null: a seek in assets_owner_idx (owner, site_id).
  unownedAssets:
    sql<number>`(select count(*) from assets a where a.owner is null and a.site_id = sites.site_id)`.as(
      'unowned_assets',
    ),
  newestPollAt: sql<string | null>`${newestOkSql(bySite)}`.as('newest_poll_at'),
  coveredTargets: sql<number>`${coveredSql(bySite, assetCount, cutoff)}`.as('covered_targets'),
  configuredTargets: sql<number>`coalesce(${perSite.configured}, 0)`.as('configured_targets'),
  outboxDepth: sql<number | null>`${perSite.outboxDepth}`.as('outbox_depth'),
  maxClockSkewMs: siteAgentFiguresSql(siteKey).maxClockSkewMs.as('max_clock_skew_ms'),
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
    outbox: sql`outbox_depth ${direction} nulls last`,
    clockSkew: sql`abs(max_clock_skew_ms) ${direction} nulls last`,
    lastSeen: sql`${sites.lastSeenAt} ${direction}`,
  };
  return sort === 'site' ? [term.site] : [term[sort], sql`${sites.siteId} asc`];
}

/** A scope as a condition on a site id column; true for every site. */
function scopedSites(column: SQL, scope: SiteScope): SQL {
  return inScope(column, scope) ?? sql`1`;
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
    const perSite = agentsPerSite(db);
    return db
      .select({ siteId: sites.siteId, lastSeenAt: sites.lastSeenAt, ...siteCounts(perSite, cutoff) })
      .from(sites)
      .leftJoin(siteStats, eq(siteStats.siteId, sites.siteId))
      .leftJoin(perSite, eq(perSite.siteId, sites.siteId));
  }

  /**
   * The fleet's counts as sums over its sites: the same expressions as the list, so that totals
   * always add up to the rows shown, but only those that need a site at a time.
   */
  function totals(scope: SiteScope, at: Date): FleetCounts & { sites: number } {
    const cutoff = new Date(at.getTime() - coverageWindowMs).toISOString();
    const perSite = agentsPerSite(db);
    const counts = siteCounts(perSite, cutoff);
    const sum = (column: SQL) => sql<number>`coalesce(sum(${column}), 0)`;
    const row = db
      .select({
        sites: sql<number>`count(*)`,
        assetCount: sum(assetCount),
        agentsOnline: sum(sql`${perSite.online}`),
        agentsOffline: sum(sql`${perSite.offline}`),
        agentsTotal: sum(sql`${perSite.total}`),
        openDrift: sum(sql`site_stats.open_drift`),
        unauthorized: sum(sql`site_stats.unauthorized`),
        unresolvedUnauthorized: sum(sql`site_stats.unresolved_unauthorized`),
        unownedAssets: sum(sql`${counts.unownedAssets.getSQL()}`),
        newestPollAt: sql<string | null>`max(${newestOkSql(bySite)})`,
        coveredTargets: sum(coveredSql(bySite, assetCount, cutoff)),
        configuredTargets: sum(sql`${perSite.configured}`),
        outboxDepth: sql<number | null>`sum(${perSite.outboxDepth})`,
        maxClockSkewMs: sql<number | null>`(select g.clock_skew_ms from agents g
          where ${scopedSites(sql`g.site_id`, scope)} and g.clock_skew_ms is not null
          order by abs(g.clock_skew_ms) desc limit 1)`,
      })
      .from(sites)
      .leftJoin(siteStats, eq(siteStats.siteId, sites.siteId))
      .leftJoin(perSite, eq(perSite.siteId, sites.siteId))
      .where(inScope(sites.siteId, scope))
      .get();
    if (!row) throw new PlantwatchError('internal', 'fleet totals returned no row');
    return { ...row, newestPollAgeMs: null };
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
        const bounds = Array.from({ length: weeks }, (_, index) => {
          const start = new Date(first);
          start.setUTCDate(start.getUTCDate() + 7 * index);
          const stop = new Date(start);
          stop.setUTCDate(stop.getUTCDate() + 7);
          return sql`(${start.toISOString()}, ${stop.toISOString()})`;
        });
        // One index range per week and count (drift_records_opened_idx, drift_records_decided_idx),
        // instead of computing the week of every record of the period. `+site_id` keeps SQLite
        // on those indexes for a scoped caller rather than reading each site's records.
        const site = scopedSites(sql`+site_id`, scope);
        const rows = db.all<{ start: string; opened: number; approved: number; unauthorized: number }>(sql`
          with weeks(start, stop) as (values ${sql.join(bounds, sql`, `)})
          select start,
            (select count(*) from drift_records
              where opened_at >= start and opened_at < stop and ${site}) as opened,
            (select count(*) from drift_records
              where state = 'approved' and decided_at >= start and decided_at < stop and ${site}) as approved,
            (select count(*) from drift_records
              where state in ('unauthorized', 'resolved') and decided_at >= start and decided_at < stop
                and ${site}) as unauthorized
          from weeks order by start`);
        return rows.map(({ start, ...counts }) => ({ weekStart: start.slice(0, 10), ...counts }));
      });
    },

    getSite(scope, siteId, page) {
      requireSite(scope, siteId);
      const at = now();
      const site = reading(`site ${siteId}`, () => selectSites(at).where(eq(sites.siteId, siteId)).get());
      if (!site) throw new PlantwatchError('not_found', `no site ${siteId}`);
      // A site has a handful of agents (gateways); its assets can be thousands, so they are paged.
      const siteAgents = deps.agents.list(
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
            vendor: assets.vendor,
            assets: sql<number>`count(*)`,
          })
          .from(assets)
          .where(eq(assets.siteId, siteId))
          .groupBy(assetClassSql, assets.protocol, assets.vendor)
          .orderBy(desc(sql`count(*)`), assetClassSql, assets.vendor)
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
      return { ...withAge(site, at), agents: siteAgents, assets: siteAssets, assetMix, recentChanges };
    },
  };
}
