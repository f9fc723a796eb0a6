import { and, asc, desc, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../db/client.ts';
import { assets, baselines, owners, reviewItems } from '../db/schema/index.ts';
import { inScope, type SiteScope } from './site-scope.ts';
import type { AssetClass, InventoryFilter, InventoryRow, InventorySort, SortDirection } from './views.ts';

/**
 * The inventory's SQL, shared by the inventory list, the JSON API's asset list and the exports, so
 * that a filter means the same everywhere. Lists are read in two steps: the keys (rowids) of one
 * page, filtered and sorted in SQL with only the joins the filter needs, then the rows of that page
 * with everything joined. Joining owners, baselines and the review queue for every asset of the
 * fleet just to keep one page of them would cost more than the rest of the query.
 */

/** Identity fields as the inventory shows them; devices name the same thing differently. */
export const vendorSql = sql<string | null>`json_extract(${assets.identity}, '$.vendor')`;
export const modelSql = sql<
  string | null
>`coalesce(json_extract(${assets.identity}, '$.model'), json_extract(${assets.identity}, '$.productName'), json_extract(${assets.identity}, '$.productCode'))`;
export const firmwareSql = sql<
  string | null
>`coalesce(json_extract(${assets.identity}, '$.firmware'), json_extract(${assets.identity}, '$.softwareRevision'), json_extract(${assets.identity}, '$.revision'))`;
export const serialSql = sql<string | null>`json_extract(${assets.identity}, '$.serial')`;
export const assetClassSql = sql<AssetClass>`(case when ${assets.protocol} = 'snmp' then 'network' else 'controller' end)`;

/**
 * Case-insensitive "contains" (SQLite's LIKE ignores the case of ASCII letters), with the user's
 * wildcards escaped: `100%` finds the text `100%`, not everything that starts with `100`.
 */
function contains(column: SQL | AnySQLiteColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}

const ownerJoin = and(
  eq(owners.entityType, 'asset'),
  eq(owners.siteId, assets.siteId),
  eq(owners.entityId, assets.assetId),
);

export function inventoryWhere(scope: SiteScope, filter: InventoryFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [inScope(assets.siteId, scope)];
  if (filter.siteId !== undefined) conditions.push(eq(assets.siteId, filter.siteId));
  if (filter.protocol !== undefined) conditions.push(eq(assets.protocol, filter.protocol));
  if (filter.class !== undefined) {
    conditions.push(filter.class === 'network' ? eq(assets.protocol, 'snmp') : ne(assets.protocol, 'snmp'));
  }
  if (filter.vendor !== undefined) conditions.push(contains(vendorSql, filter.vendor));
  if (filter.model !== undefined) conditions.push(contains(modelSql, filter.model));
  if (filter.firmware !== undefined) conditions.push(contains(firmwareSql, filter.firmware));
  if (filter.owner !== undefined) conditions.push(contains(sql`${owners.owner}`, filter.owner));
  if (filter.owned !== undefined) {
    // An existence check reads only the owners' primary key index, never their rows.
    const owned = sql`exists (select 1 from owners o where o.entity_type = 'asset' and o.site_id = ${assets.siteId} and o.entity_id = ${assets.assetId})`;
    conditions.push(filter.owned ? owned : sql`not ${owned}`);
  }
  if (filter.q !== undefined) {
    const q = filter.q;
    conditions.push(
      sql`(${contains(sql`${assets.assetId}`, q)} or ${contains(sql`${assets.host}`, q)} or ${contains(vendorSql, q)} or ${contains(modelSql, q)} or ${contains(serialSql, q)} or ${contains(firmwareSql, q)})`,
    );
  }
  const present = conditions.filter((condition): condition is SQL => condition !== undefined);
  return present.length > 0 ? and(...present) : undefined;
}

const SORT_COLUMNS: Record<InventorySort, SQL | AnySQLiteColumn> = {
  site: assets.siteId,
  asset: assets.assetId,
  vendor: vendorSql,
  model: modelSql,
  firmware: firmwareSql,
  protocol: assets.protocol,
  class: assetClassSql,
  owner: sql`${owners.owner}`,
  host: assets.host,
  lastPoll: assets.lastPollAt,
};

/** The sort key, then site and asset id so that pages never overlap. Nulls sort first ascending. */
export function inventoryOrder(sort: InventorySort, dir: SortDirection): SQL[] {
  const direction = dir === 'asc' ? asc : desc;
  const terms = [direction(SORT_COLUMNS[sort])];
  if (sort !== 'site') terms.push(asc(assets.siteId));
  if (sort !== 'asset') terms.push(asc(assets.assetId));
  return terms;
}

/**
 * How the owners table must be joined to filter or sort: not at all, inner (an owner is required,
 * so SQLite may start from the matching owners) or left (also the assets without one).
 */
export type OwnerJoin = 'none' | 'inner' | 'left';

export function ownerJoinFor(filter: InventoryFilter, sort?: InventorySort): OwnerJoin {
  if (filter.owner !== undefined) return 'inner';
  return sort === 'owner' ? 'left' : 'none';
}

/** The rowids of one page of matching assets, in order. */
export function selectInventoryKeys(
  db: DbOrTx,
  where: SQL | undefined,
  join: OwnerJoin,
  order: SQL[],
  limit: number,
  offset: number,
): number[] {
  const base = db.select({ rowid: sql<number>`${assets}.rowid` }).from(assets);
  const joined =
    join === 'inner'
      ? base.innerJoin(owners, ownerJoin)
      : join === 'left'
        ? base.leftJoin(owners, ownerJoin)
        : base;
  return joined
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset)
    .all()
    .map((row) => row.rowid);
}

export function countInventory(db: DbOrTx, where: SQL | undefined, join: OwnerJoin): number {
  const base = db.select({ total: sql<number>`count(*)` }).from(assets);
  const joined =
    join === 'inner'
      ? base.innerJoin(owners, ownerJoin)
      : join === 'left'
        ? base.leftJoin(owners, ownerJoin)
        : base;
  return joined.where(where).get()?.total ?? 0;
}

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
      vendor: vendorSql,
      model: modelSql,
      serial: serialSql,
      firmware: firmwareSql,
      fingerprint: assets.fingerprint,
      baselineFingerprint: baselines.fingerprint,
      lastPollAt: assets.lastPollAt,
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
