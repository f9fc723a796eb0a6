import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../db/client.ts';
import { assets, baselines, owners, reviewItems } from '../db/schema/index.ts';
import { type InventoryMatch, inventoryMatch } from './inventory-match.ts';
import type { SiteScope } from './site-scope.ts';
import type {
  AssetClass,
  InventoryFilter,
  InventoryRow,
  InventorySort,
  PageRequest,
  SortDirection,
} from './views.ts';

/**
 * The inventory's SQL, shared by the inventory list, the JSON API's asset list and the exports, so
 * that a filter means the same everywhere. A filter becomes an InventoryMatch (see
 * inventory-match.ts); lists are read in two steps: the keys of one page with the total, sorted in
 * SQL, then the rows of that page with owners, baselines and the review queue joined.
 */

export const assetClassSql = sql<AssetClass>`(case when ${assets.protocol} = 'snmp' then 'network' else 'controller' end)`;

export function countInventory(db: DbOrTx, match: InventoryMatch): number {
  const row =
    match.kind === 'all'
      ? // Every asset: the triggers have counted them.
        db.get<{ n: number }>(sql`select coalesce(sum(asset_count), 0) as n from site_stats`)
      : match.kind === 'narrow'
        ? db.get<{ n: number }>(sql`select count(*) as n from assets where ${match.where}`)
        : db.get<{ n: number }>(sql`select count(*) as n from (${match.rowids})`);
  return row?.n ?? 0;
}

/** The condition that limits a read of `assets` to the matching ones (for keyset batches). */
export function matchWhere(match: InventoryMatch): SQL | undefined {
  if (match.kind === 'all') return undefined;
  return match.kind === 'narrow' ? match.where : sql`+${assets}.rowid in (${match.rowids})`;
}

const SORT_COLUMNS: Record<InventorySort, AnySQLiteColumn[]> = {
  site: [assets.siteId, assets.assetId],
  asset: [assets.assetId, assets.siteId],
  vendor: [assets.vendor, assets.siteId, assets.assetId],
  model: [assets.model, assets.siteId, assets.assetId],
  firmware: [assets.firmware, assets.siteId, assets.assetId],
  protocol: [assets.protocol, assets.siteId, assets.assetId],
  // The class follows from the protocol, and in the same order: modbus and opcua (controllers)
  // before snmp (network). Sorting by protocol sorts by class, then protocol.
  class: [assets.protocol, assets.siteId, assets.assetId],
  owner: [assets.owner, assets.siteId, assets.assetId],
  host: [assets.host, assets.siteId, assets.assetId],
  lastPoll: [assets.lastPollAt, assets.siteId, assets.assetId],
};

/**
 * The sort key, then site and asset id so that pages never overlap, all in one direction so that
 * the sort's index is read forwards or backwards. Nulls sort first ascending.
 */
export function inventoryOrder(sort: InventorySort, dir: SortDirection): SQL[] {
  const direction = dir === 'asc' ? asc : desc;
  return SORT_COLUMNS[sort].map((column) => direction(column));
}

/** The rowids of one batch of matching assets, in order (for exports). */
export function selectInventoryKeys(
  db: DbOrTx,
  where: SQL | undefined,
  order: SQL[],
  limit: number,
): number[] {
  return db
    .select({ rowid: sql<number>`${assets}.rowid` })
    .from(assets)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .all()
    .map((row) => row.rowid);
}

/**
 * One sorted page of an inventory filter: the keys of its assets, and how many match in all, from
 * one statement where possible:
 * - narrow: the few sites' matching assets are sorted, and counted by a window function;
 * - broad: the matching rowids are built once (materialized), counted, and SQLite reads the sort's
 *   index in order, testing only rowids against them, until the page is full. The unary plus keeps
 *   it from starting at the matches instead, which would sort them all.
 * A page past the end returns no row to carry the total: then it is counted on its own.
 */
export function inventoryPage(
  db: DbOrTx,
  scope: SiteScope,
  filter: InventoryFilter,
  page: PageRequest & { sort: InventorySort; dir: SortDirection },
): { keys: number[]; total: number } {
  const match = inventoryMatch(scope, filter);
  const order = sql.join(inventoryOrder(page.sort, page.dir), sql`, `);
  const paging = sql`order by ${order} limit ${page.limit} offset ${page.offset}`;
  const rows =
    match.kind === 'all'
      ? db.all<{ rowid: number; total: null }>(sql`select rowid, null as total from assets ${paging}`)
      : match.kind === 'narrow'
        ? db.all<{ rowid: number; total: number }>(
            sql`select rowid, count(*) over () as total from assets where ${match.where} ${paging}`,
          )
        : db.all<{ rowid: number; total: number }>(sql`with m(id) as materialized (${match.rowids})
            select rowid, (select count(*) from m) as total from assets
            where +rowid in (select id from m) ${paging}`);
  const keys = rows.map((row) => row.rowid);
  const total = rows[0]?.total ?? countInventory(db, match);
  return { keys, total };
}

const ownerJoin = and(
  eq(owners.entityType, 'asset'),
  eq(owners.siteId, assets.siteId),
  eq(owners.entityId, assets.assetId),
);

/** The inventory rows of the given assets, in the order of `rowids`. */
export function inventoryRows(db: DbOrTx, rowids: readonly number[]): InventoryRow[] {
  if (rowids.length === 0) return [];
  const rows = db
    .select({
      rowid: sql<number>`${assets}.rowid`,
      siteId: assets.siteId,
      assetId: assets.assetId,
      agentId: assets.agentId,
      protocol: assets.protocol,
      assetClass: assetClassSql,
      host: assets.host,
      port: assets.port,
      unitId: assets.unitId,
      vendor: assets.vendor,
      model: assets.model,
      serial: assets.serial,
      firmware: assets.firmware,
      fingerprint: assets.fingerprint,
      baselineFingerprint: baselines.fingerprint,
      lastPollAt: assets.lastPollAt,
      lastOkAt: assets.lastOkAt,
      pollOk: assets.pollOk,
      owner: owners.owner,
      purpose: owners.purpose,
      reviewStatus: reviewItems.status,
    })
    .from(assets)
    .leftJoin(baselines, and(eq(baselines.siteId, assets.siteId), eq(baselines.assetId, assets.assetId)))
    .leftJoin(owners, ownerJoin)
    .leftJoin(
      reviewItems,
      and(eq(reviewItems.siteId, assets.siteId), eq(reviewItems.itemKey, sql`'asset:' || ${assets.assetId}`)),
    )
    .where(sql`${assets}.rowid in ${rowids}`)
    .all();
  const byRowid = new Map(rows.map(({ rowid, ...row }) => [rowid, row]));
  return rowids.flatMap((rowid) => {
    const row = byRowid.get(rowid);
    return row ? [row] : [];
  });
}
