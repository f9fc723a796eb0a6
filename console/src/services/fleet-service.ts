import { PlantwatchError } from '@plantwatch/shared';
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { agents, assets, driftRecords, sites } from '../db/schema/index.ts';
import { UNDECIDED_STATES } from '../governance/vocabulary.ts';
import type { AssetService } from './asset-service.ts';
import { reading } from './query-errors.ts';
import type { AgentView, FleetTotals, Page, PageRequest, SiteDetail, SiteSummary } from './views.ts';

export interface AgentFilter {
  siteId?: string | undefined;
}

export interface FleetService {
  /** Ordered by site id. */
  listSites(page: PageRequest): Page<SiteSummary>;
  fleetTotals(): FleetTotals;
  /** Throws `not_found` for an unknown site. `page` pages the site's assets. */
  getSite(siteId: string, page: PageRequest): SiteDetail;
  /** Ordered by site, then agent id. */
  listAgents(filter: AgentFilter, page: PageRequest): Page<AgentView>;
}

// Correlated subqueries: each uses an index on site_id, and only the sites of one page are counted.
// They name columns by hand because drizzle leaves columns unqualified in a one-table select, which
// would turn `assets.site_id = sites.site_id` into the always-true `site_id = site_id`.
const assetCount = sql<number>`(select count(*) from assets a where a.site_id = sites.site_id)`;
const agentsTotal = sql<number>`(select count(*) from agents g where g.site_id = sites.site_id)`;
const agentsOnline = sql<number>`(select count(*) from agents g where g.site_id = sites.site_id and g.state = 'online')`;
// Drift waiting for a decision: open or planned console drift records.
const openDrift = sql<number>`(select count(*) from drift_records d where d.site_id = sites.site_id and d.state in ('open', 'planned'))`;

const siteSummaryColumns = {
  siteId: sites.siteId,
  assetCount,
  agentsOnline,
  agentsTotal,
  openDrift,
  lastSeenAt: sites.lastSeenAt,
};

const agentColumns = {
  agentId: agents.agentId,
  siteId: agents.siteId,
  state: agents.state,
  agentVersion: agents.agentVersion,
  startedAt: agents.startedAt,
  lastSeenAt: agents.lastSeenAt,
  lastSeq: agents.lastSeq,
};

export function createFleetService(db: ConsoleDatabase, assetService: AssetService): FleetService {
  function listAgents(filter: AgentFilter, page: PageRequest): Page<AgentView> {
    return reading('agents', () => {
      const where = filter.siteId === undefined ? undefined : eq(agents.siteId, filter.siteId);
      const items = db
        .select(agentColumns)
        .from(agents)
        .where(where)
        .orderBy(asc(agents.siteId), asc(agents.agentId))
        .limit(page.limit)
        .offset(page.offset)
        .all();
      const total = db.select({ total: count() }).from(agents).where(where).get()?.total ?? 0;
      return { items, total };
    });
  }

  return {
    listSites(page) {
      return reading('sites', () => {
        const items = db
          .select(siteSummaryColumns)
          .from(sites)
          .orderBy(asc(sites.siteId))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const total = db.select({ total: count() }).from(sites).get()?.total ?? 0;
        return { items, total };
      });
    },

    fleetTotals() {
      return reading('fleet totals', () => {
        const countOf = (query: { get(): { total: number } | undefined }) => query.get()?.total ?? 0;
        return {
          sites: countOf(db.select({ total: count() }).from(sites)),
          assets: countOf(db.select({ total: count() }).from(assets)),
          agentsOnline: countOf(db.select({ total: count() }).from(agents).where(eq(agents.state, 'online'))),
          agentsTotal: countOf(db.select({ total: count() }).from(agents)),
          openDrift: countOf(
            db
              .select({ total: count() })
              .from(driftRecords)
              .where(inArray(driftRecords.state, [...UNDECIDED_STATES])),
          ),
        };
      });
    },

    getSite(siteId, page) {
      const site = reading(`site ${siteId}`, () =>
        db.select(siteSummaryColumns).from(sites).where(eq(sites.siteId, siteId)).get(),
      );
      if (!site) throw new PlantwatchError('not_found', `no site ${siteId}`);
      // A site has a handful of agents (gateways); its assets can be thousands, so they are paged.
      const siteAgents = listAgents({ siteId }, { limit: 1_000, offset: 0 }).items;
      const siteAssets = assetService.listAssets({ siteId }, page).items;
      return {
        siteId: site.siteId,
        lastSeenAt: site.lastSeenAt,
        agents: siteAgents,
        assets: siteAssets,
        assetCount: site.assetCount,
        openDrift: site.openDrift,
      };
    },

    listAgents,
  };
}
