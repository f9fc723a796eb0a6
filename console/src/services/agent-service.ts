import { and, asc, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ConsoleDatabase } from '../db/client.ts';
import { agents } from '../db/schema/index.ts';
import type { AgentState } from '../states.ts';
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

// Correlated subqueries over the assets of one agent (assets_agent_idx), counted for one page of
// agents unless the list is sorted by them.
const assetCount = sql<number>`(select count(*) from assets a where a.agent_id = agents.agent_id)`.as(
  'asset_count',
);
const failingTargets =
  sql<number>`(select count(*) from assets a where a.agent_id = agents.agent_id and a.poll_ok = 0)`.as(
    'failing_targets',
  );

const agentColumns = {
  agentId: agents.agentId,
  siteId: agents.siteId,
  state: agents.state,
  agentVersion: agents.agentVersion,
  startedAt: agents.startedAt,
  lastSeenAt: agents.lastSeenAt,
  lastSeq: agents.lastSeq,
  targetCount: agents.targetCount,
  assetCount,
  failingTargets,
};

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
  const key: Record<AgentSort, SQL | AnySQLiteColumn> = {
    site: agents.siteId,
    agent: agents.agentId,
    version: agents.agentVersion,
    state: agents.state,
    lastSeen: agents.lastSeenAt,
    pollErrors: sql`failing_targets`,
    targets: agents.targetCount,
  };
  const terms = [direction(key[sort])];
  if (sort !== 'site' && sort !== 'agent') terms.push(asc(agents.siteId));
  if (sort !== 'agent') terms.push(asc(agents.agentId));
  return terms;
}

export function createAgentService(db: ConsoleDatabase): AgentService {
  return {
    list(scope, filter, page) {
      return reading('agents', () => {
        const where = agentWhere(scope, filter);
        const items = db
          .select(agentColumns)
          .from(agents)
          .where(where)
          .orderBy(...agentOrder(page.sort, page.dir))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const total = db.select({ total: count() }).from(agents).where(where).get()?.total ?? 0;
        return { items, total };
      });
    },

    siteHealth(scope, page) {
      return reading('agent health', () => {
        const where = inScope(agents.siteId, scope);
        const offline = sql<number>`sum(${agents.state} = 'offline')`;
        const failing = sql<number>`(select count(*) from assets a where a.site_id = agents.site_id and a.poll_ok = 0)`;
        const items = db
          .select({
            siteId: agents.siteId,
            agentsTotal: sql<number>`count(*)`,
            online: sql<number>`sum(${agents.state} = 'online')`,
            offline,
            unknown: sql<number>`sum(${agents.state} = 'unknown')`,
            versions: sql<number>`count(distinct ${agents.agentVersion})`,
            failingTargets: failing,
            oldestLastSeenAt: sql<string | null>`min(${agents.lastSeenAt})`,
          })
          .from(agents)
          .where(where)
          .groupBy(agents.siteId)
          .orderBy(desc(offline), desc(failing), asc(agents.siteId))
          .limit(page.limit)
          .offset(page.offset)
          .all();
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
