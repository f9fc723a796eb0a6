import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Counts per site that the fleet overview sorts by, kept exact by triggers on assets and
 * drift_records (migration 0008): counting 200,000 assets or drift records for every page view
 * would cost more than the rest of the page. Never written by the console's code.
 */
export const siteStats = sqliteTable('site_stats', {
  siteId: text('site_id').primaryKey(),
  assetCount: integer('asset_count').notNull().default(0),
  /** Drift records waiting for a decision (open or planned). */
  openDrift: integer('open_drift').notNull().default(0),
  /** Drift records decided unauthorized, resolved since or not; and those not resolved yet. */
  unauthorized: integer('unauthorized').notNull().default(0),
  unresolvedUnauthorized: integer('unresolved_unauthorized').notNull().default(0),
});
