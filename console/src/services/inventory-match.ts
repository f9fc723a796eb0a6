import { type ProtocolName, protocolNameSchema } from '@plantwatch/protocol';
import { type SQL, sql } from 'drizzle-orm';
import type { SiteScope } from './site-scope.ts';
import type { AssetClass, InventoryFilter } from './views.ts';

/**
 * Which assets an inventory filter matches, in SQL that stays fast at 200,000 assets. Testing a
 * condition on an asset row costs a few microseconds (more for identity fields, which are JSON);
 * reading an index entry, a tenth of that. So:
 * - A filter on one site, or a scope of a few sites, is `narrow`: SQLite reads those sites' assets
 *   (hundreds each) and tests each one.
 * - Any other filter is `broad`: each condition becomes the rowids of an index range, SQLite
 *   starts from the first and probes the others, and the lists read pages in their sort's index
 *   order, testing only rowids (see inventory-query.ts).
 *
 * Text filters match anywhere in a field, ignoring case:
 * - vendor, model, firmware and owner have few distinct values (dozens to hundreds in a fleet):
 *   those values are listed from the column's index, one seek each, matched, and the assets read
 *   from the same index (`vendor in (...)`).
 * - asset id, host and serial are nearly unique per asset: `assets_search`, an FTS5 trigram index,
 *   finds a substring of 3 or more characters. A shorter one falls back to LIKE over every asset
 *   (in scope), correct but slow on a large fleet.
 */
export type InventoryMatch =
  /** No condition: every asset. */
  | { kind: 'all' }
  /** A condition to test on each asset of a few sites. */
  | { kind: 'narrow'; where: SQL }
  /** A select of the rowids of the matching assets. */
  | { kind: 'broad'; rowids: SQL };

/** A scope of up to this many sites is read site by site (a site has hundreds to a few thousand assets). */
const NARROW_SCOPE_SITES = 20;

/** The protocols of each class: the protocol index serves the class filter. */
const CLASS_PROTOCOLS: Record<AssetClass, ProtocolName[]> = {
  network: ['snmp'],
  controller: protocolNameSchema.options.filter((protocol) => protocol !== 'snmp'),
};

/** A trigram index knows nothing of strings shorter than one trigram. */
const MIN_INDEXED_LENGTH = 3;

/** Columns with few distinct values, each with an index that leads with it. */
type ValueColumn = 'vendor' | 'model' | 'firmware' | 'owner';

/**
 * Case-insensitive "contains" (SQLite's LIKE ignores the case of ASCII letters), with the user's
 * wildcards escaped: `100%` finds the text `100%`, not everything that starts with `100`.
 */
function contains(column: SQL, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}

/**
 * One condition, on the assets' own columns (unqualified), in two spellings: `test`, to check an
 * asset in hand (a unary plus keeps SQLite from using an index for it), and `rowids`, the assets
 * meeting it read from an index. `range` is the indexed condition behind `rowids`, when it is one.
 */
interface Condition {
  test: SQL;
  rowids: SQL;
  /** `rowids` possibly with duplicates, cheaper to build, for `rowid in (...)`. */
  probe?: SQL;
  range?: SQL;
}

function plain(range: SQL, test: SQL): Condition {
  return { test, rowids: sql`select rowid from assets where ${range}`, range };
}

/**
 * The distinct values of a column that contain the text: a loose scan of the column's index, from
 * each value straight to the next.
 */
function matchingValues(column: ValueColumn, text: string): SQL {
  const name = sql.raw(column);
  return sql`(with recursive v(x) as (
      select min(${name}) from assets
      union all select (select min(${name}) from assets where ${name} > v.x) from v where v.x is not null)
    select x from v where ${contains(sql`x`, text)})`;
}

function valueCondition(column: ValueColumn, text: string): Condition {
  const values = matchingValues(column, text);
  const name = sql.raw(column);
  return plain(sql`${name} in ${values}`, sql`+${name} in ${values}`);
}

/** Asset id, host or serial containing the text. */
function searchCondition(text: string): Condition {
  if ([...text].length < MIN_INDEXED_LENGTH) {
    const like = (column: string) => contains(sql.raw(column), text);
    const test = sql`(${like('asset_id')} or ${like('host')} or ${like('serial')})`;
    return { test, rowids: sql`select rowid from assets where ${test}` };
  }
  // The text as one FTS5 phrase, so that nothing in it is read as query syntax.
  const phrase = `"${text.replaceAll('"', '""')}"`;
  const rowids = sql`select rowid from assets_search where assets_search match ${phrase}`;
  return { test: sql`+rowid in (${rowids})`, rowids };
}

/**
 * `q`: any of the searched fields. `rowids` is a UNION, which leaves each rowid once, for when
 * `q` is the only condition; `probe`, a UNION ALL, for testing rowids against (a set anyway).
 */
function anyFieldCondition(text: string): Condition {
  const parts = [
    searchCondition(text),
    valueCondition('vendor', text),
    valueCondition('model', text),
    valueCondition('firmware', text),
  ];
  const rowids = (operator: SQL) =>
    sql.join(
      parts.map((part) => part.rowids),
      operator,
    );
  return {
    test: sql`(${sql.join(
      parts.map((part) => part.test),
      sql` or `,
    )})`,
    rowids: rowids(sql` union `),
    probe: rowids(sql` union all `),
  };
}

/** The filter's conditions, the narrowest first: site, then text, then protocol and owner. */
function conditions(scope: SiteScope, filter: InventoryFilter): Condition[] {
  const all: Condition[] = [];
  if (filter.siteId !== undefined) {
    all.push(plain(sql`site_id = ${filter.siteId}`, sql`+site_id = ${filter.siteId}`));
  }
  if (scope !== null) {
    const sites = scope.length === 0 ? sql`0` : sql`site_id in ${[...scope]}`;
    all.push(plain(sites, sql`+${sites}`));
  }
  for (const column of ['vendor', 'model', 'firmware', 'owner'] as const) {
    const text = filter[column];
    if (text !== undefined) all.push(valueCondition(column, text));
  }
  if (filter.q !== undefined) all.push(anyFieldCondition(filter.q));
  if (filter.protocol !== undefined) {
    all.push(plain(sql`protocol = ${filter.protocol}`, sql`+protocol = ${filter.protocol}`));
  }
  if (filter.class !== undefined) {
    const protocols = CLASS_PROTOCOLS[filter.class];
    all.push(plain(sql`protocol in ${protocols}`, sql`+protocol in ${protocols}`));
  }
  if (filter.owned !== undefined) {
    const owned = filter.owned ? sql`owner is not null` : sql`owner is null`;
    all.push(plain(owned, sql`+${owned}`));
  }
  return all;
}

export function inventoryMatch(scope: SiteScope, filter: InventoryFilter): InventoryMatch {
  const all = conditions(scope, filter);
  if (all.length === 0) return { kind: 'all' };
  const sites = filter.siteId !== undefined ? 1 : (scope?.length ?? Number.POSITIVE_INFINITY);
  if (sites <= NARROW_SCOPE_SITES) {
    // The first condition is the site (or scope) one: SQLite reads its range of the primary key.
    const [site, ...rest] = all as [Condition, ...Condition[]];
    return {
      kind: 'narrow',
      where: sql.join([site.range ?? site.test, ...rest.map((c) => c.test)], sql` and `),
    };
  }
  // Start from the first index range; probe the other conditions' rowids (built once each).
  const driver = all.find((condition) => condition.range !== undefined);
  if (driver?.range === undefined) return { kind: 'broad', rowids: (all[0] as Condition).rowids };
  const probes = all
    .filter((condition) => condition !== driver)
    .map((c) => sql` and +rowid in (${c.probe ?? c.rowids})`);
  return { kind: 'broad', rowids: sql`select rowid from assets where ${driver.range}${sql.join(probes)}` };
}
