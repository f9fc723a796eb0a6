import { type SQL, sql } from 'drizzle-orm';

/**
 * Poll health of one site's or one agent's assets as correlated subqueries, shared by the fleet
 * overview and the agent views. Each reads a seek or a short range of assets_site_ok_idx or
 * assets_agent_idx (key, poll_ok, last_ok_at) and never the assets themselves: the fleet overview
 * computes them for all 500 sites of a fleet to sort by them. Coverage is therefore counted as the
 * assets minus those failing or stale (both few in a healthy fleet), not by counting the covered.
 */

/**
 * A target counts as covered when its last poll succeeded this recently. Agents poll every minute
 * by default; five minutes tolerates a few retries and a slow broker.
 */
export const DEFAULT_COVERAGE_WINDOW_MS = 5 * 60_000;

/** Which assets to look at: the alias-qualified key column and the outer query's value for it. */
export interface AssetGroup {
  /** `site_id` or `agent_id`: the leading column of the index to use. */
  column: 'site_id' | 'agent_id';
  /** The outer query's key, e.g. sql`sites.site_id`. */
  key: SQL;
}

const count = (group: AssetGroup, condition: SQL) =>
  sql`(select count(*) from assets pa where pa.${sql.raw(group.column)} = ${group.key} and ${condition})`;

/** Assets whose last poll failed. */
export function failingSql(group: AssetGroup): SQL {
  return count(group, sql`pa.poll_ok = 0`);
}

/**
 * Assets whose last poll succeeded but before the cutoff. A successful poll always sets
 * last_ok_at; the null case counts too, for rows written by other means (a bulk load).
 */
export function staleOkSql(group: AssetGroup, cutoff: string): SQL {
  return sql`(${count(group, sql`pa.poll_ok = 1 and pa.last_ok_at < ${cutoff}`)} + ${count(group, sql`pa.poll_ok = 1 and pa.last_ok_at is null`)})`;
}

/** Targets covered: assets whose last poll succeeded within the window, out of `assets`. */
export function coveredSql(group: AssetGroup, assets: SQL, cutoff: string): SQL {
  return sql`(${assets} - ${failingSql(group)} - ${staleOkSql(group, cutoff)})`;
}

/**
 * The newest successful poll of any of the assets, failing now or not: the newest last_ok_at of
 * each poll_ok value is one seek each (a plain max over the key would read every entry).
 */
export function newestOkSql(group: AssetGroup): SQL {
  const newest = (pollOk: 0 | 1) =>
    sql`(select pa.last_ok_at from assets pa where pa.${sql.raw(group.column)} = ${group.key} and pa.poll_ok = ${sql.raw(String(pollOk))} and pa.last_ok_at is not null order by pa.last_ok_at desc limit 1)`;
  return sql`nullif(max(coalesce(${newest(1)}, ''), coalesce(${newest(0)}, '')), '')`;
}

/** Targets configured on the agents of a site; an agent that sent no status counts its assets. */
export function configuredTargetsSql(siteId: SQL): SQL {
  return sql`(select coalesce(sum(coalesce(ag.target_count, (select count(*) from assets x where x.agent_id = ag.agent_id))), 0) from agents ag where ag.site_id = ${siteId})`;
}

/** The outbox and clock figures of a site's agents, from their last status messages. */
export function siteAgentFiguresSql(siteId: SQL) {
  return {
    outboxDepth: sql<
      number | null
    >`(select sum(ag.outbox_depth) from agents ag where ag.site_id = ${siteId})`,
    outboxOldestAgeMs: sql<
      number | null
    >`(select max(ag.outbox_oldest_age_ms) from agents ag where ag.site_id = ${siteId})`,
    maxClockSkewMs: sql<
      number | null
    >`(select ag.clock_skew_ms from agents ag where ag.site_id = ${siteId} and ag.clock_skew_ms is not null order by abs(ag.clock_skew_ms) desc limit 1)`,
  };
}
