import { and, asc, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { agents, siteStats } from '../db/schema/index.ts';
import type { AgentState } from '../states.ts';
import {
  configuredTargetsSql,
  coveredSql,
  DEFAULT_COVERAGE_WINDOW_MS,
  failingSql,
  newestOkSql,
  siteAgentFiguresSql,
} from './poll-health-sql.ts';
import { reading } from './query-errors.ts';
import { inScope, type SiteScope } from './site-scope.ts';
import type {
  AgentSiteHealth,
  AgentSort,
  AgentVersionCount,
  AgentView,
  Page,
  PageRequest,
  SortedPageRequest,
} from './views.ts';

export interface AgentFilter {
  siteId?: string | undefined;
  state?: AgentState | undefined;
  /** An exact agent version; null: agents that have not said (no status yet). */
  agentVersion?: string | null | undefined;
}

/** Every method takes the caller's site scope: only agents of its sites are listed or counted. */
export interface AgentService {
  list(scope: SiteScope, filter: AgentFilter, page: SortedPageRequest<AgentSort>): Page<AgentView>;
  /** One row per site, the least healthy first: most agents offline, then most failing targets. */
  siteHealth(scope: SiteScope, page: PageRequest): Page<AgentSiteHealth>;
  /** How many agents run each version, most common first. */
  versions(scope: SiteScope): AgentVersionCount[];
}

export interface AgentServiceOptions {
  now?: () => Date;
  /** See DEFAULT_COVERAGE_WINDOW_MS. */
  coverageWindowMs?: number;
}

// Correlated subqueries over the assets of one agent (assets_agent_idx), each a seek or a short
// range; the asset count is a range of the agent's assets, read for one page of agents.
const byAgent = { column: 'agent_id', key: sql`agents.agent_id` } as const;
const assetCountSql = sql<number>`(select count(*) from assets a where a.agent_id = agents.agent_id)`;

function agentColumns(cutoff: string) {
  return {
    agentId: agents.agentId,
    siteId: agents.siteId,
    state: agents.state,
    agentVersion: agents.agentVersion,
    startedAt: agents.startedAt,
    lastSeenAt: agents.lastSeenAt,
    lastSeq: agents.lastSeq,
    targetCount: agents.targetCount,
    assetCount: assetCountSql.as('asset_count'),
    failingTargets: sql<number>`${failingSql(byAgent)}`.as('failing_targets'),
    coveredTargets: sql<number>`${coveredSql(byAgent, assetCountSql, cutoff)}`.as('covered_targets'),
    newestPollAt: sql<string | null>`${newestOkSql(byAgent)}`.as('newest_poll_at'),
    lastStatusAt: agents.lastStatusAt,
    clockSkewMs: agents.clockSkewMs,
    outboxDepth: agents.outboxDepth,
    outboxBytes: agents.outboxBytes,
    outboxOldestAgeMs: agents.outboxOldestAgeMs,
    outboxDropped: agents.outboxDropped,
  };
}

function agentWhere(scope: SiteScope, filter: AgentFilter): SQL | undefined {
  return and(
    inScope(agents.siteId, scope),
    filter.siteId === undefined ? undefined : eq(agents.siteId, filter.siteId),
    filter.state === undefined ? undefined : eq(agents.state, filter.state),
    filter.agentVersion === undefined
      ? undefined
      : filter.agentVersion === null
        ? isNull(agents.agentVersion)
        : eq(agents.agentVersion, filter.agentVersion),
  );
}

function agentOrder(sort: AgentSort, dir: 'asc' | 'desc'): SQL[] {
  const direction = dir === 'asc' ? asc : desc;
  const nullsLast = (term: SQL) => sql`${term} ${sql.raw(dir)} nulls last`;
  const key: Record<AgentSort, SQL> = {
    site: direction(agents.siteId),
    agent: direction(agents.agentId),
    version: direction(agents.agentVersion),
    state: direction(agents.state),
    lastSeen: direction(agents.lastSeenAt),
    pollErrors: direction(sql`failing_targets`),
    targets: direction(agents.targetCount),
    // Agents that never reported the figure last, either way.
    outbox: nullsLast(sql`${agents.outboxDepth}`),
    clockSkew: nullsLast(sql`abs(${agents.clockSkewMs})`),
  };
  const terms = [key[sort]];
  if (sort !== 'site' && sort !== 'agent') terms.push(asc(agents.siteId));
  if (sort !== 'agent') terms.push(asc(agents.agentId));
  return terms;
}

export function createAgentService(db: ConsoleDatabase, options: AgentServiceOptions = {}): AgentService {
  const now = options.now ?? (() => new Date());
  const coverageWindowMs = options.coverageWindowMs ?? DEFAULT_COVERAGE_WINDOW_MS;
  const cutoff = (at: Date) => new Date(at.getTime() - coverageWindowMs).toISOString();
  const withAge = <T extends { newestPollAt: string | null }>(row: T, at: Date) => ({
    ...row,
    newestPollAgeMs:
      row.newestPollAt === null ? null : Math.max(0, at.getTime() - Date.parse(row.newestPollAt)),
  });

  return {
    list(scope, filter, page) {
      return reading('agents', () => {
        const at = now();
        const where = agentWhere(scope, filter);
        const items = db
          .select(agentColumns(cutoff(at)))
          .from(agents)
          .where(where)
          .orderBy(...agentOrder(page.sort, page.dir))
          .limit(page.limit)
          .offset(page.offset)
          .all()
          .map((row) => withAge(row, at));
        const total = db.select({ total: count() }).from(agents).where(where).get()?.total ?? 0;
        return { items, total };
      });
    },

    siteHealth(scope, page) {
      return reading('agent health', () => {
        const at = now();
        const where = inScope(agents.siteId, scope);
        const site = sql`agents.site_id`;
        const bySite = { column: 'site_id', key: site } as const;
        const offline = sql<number>`sum(${agents.state} = 'offline')`;
        const failing = sql<number>`${failingSql(bySite)}`;
        const siteAssets = sql<number>`coalesce(${siteStats.assetCount}, 0)`;
        const figures = siteAgentFiguresSql(site);
        const items = db
          .select({
            siteId: agents.siteId,
            agentsTotal: sql<number>`count(*)`,
            online: sql<number>`sum(${agents.state} = 'online')`,
            offline,
            unknown: sql<number>`sum(${agents.state} = 'unknown')`,
            versions: sql<number>`count(distinct ${agents.agentVersion})`,
            failingTargets: failing,
            coveredTargets: sql<number>`${coveredSql(bySite, siteAssets, cutoff(at))}`,
            configuredTargets: sql<number>`${configuredTargetsSql(site)}`,
            newestPollAt: sql<string | null>`${newestOkSql(bySite)}`,
            outboxDepth: figures.outboxDepth,
            outboxOldestAgeMs: figures.outboxOldestAgeMs,
            maxClockSkewMs: figures.maxClockSkewMs,
            oldestLastSeenAt: sql<string | null>`min(${agents.lastSeenAt})`,
          })
          .from(agents)
          .leftJoin(siteStats, eq(siteStats.siteId, agents.siteId))
          .where(where)
          .groupBy(agents.siteId)
          .orderBy(desc(offline), desc(failing), asc(agents.siteId))
          .limit(page.limit)
          .offset(page.offset)
          .all()
          .map((row) => withAge(row, at));
        const total =
          db
            .select({ total: sql<number>`count(distinct ${agents.siteId})` })
            .from(agents)
            .where(where)
            .get()?.total ?? 0;
        return { items, total };
      });
    },

    versions(scope) {
      return reading('agent versions', () =>
        db
          .select({ agentVersion: agents.agentVersion, agents: sql<number>`count(*)` })
          .from(agents)
          .where(inScope(agents.siteId, scope))
          .groupBy(agents.agentVersion)
          .orderBy(desc(sql`count(*)`), asc(agents.agentVersion))
          .all(),
      );
    },
  };
}
