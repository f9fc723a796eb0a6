import { inArray, SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { SiteScope } from '../auth/principal.ts';

export { requireSite } from '../auth/principal.ts';
export type { SiteScope };

/**
 * The SQL condition that limits a query to the sites of a scope: nothing for every site, `false`
 * for an empty scope (inArray with no values is not valid SQL), else `site_id in (...)`.
 */
export function inScope(column: SQLiteColumn | SQL, scope: SiteScope): SQL | undefined {
  if (scope === null) return undefined;
  if (scope.length === 0) return sql`0`;
  return column instanceof SQL ? inArray(column, [...scope]) : inArray(column, [...scope]);
}
