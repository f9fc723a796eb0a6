import { foreignKey, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { assets } from './assets.ts';
import { configVersions } from './config-versions.ts';

/**
 * The approved configuration of each asset. The first successful snapshot sets it (`initial`,
 * by `system`); after that only an approved drift record moves it (`approval`).
 */
export const baselines = sqliteTable(
  'baselines',
  {
    siteId: text('site_id').notNull(),
    assetId: text('asset_id').notNull(),
    fingerprint: text('fingerprint')
      .notNull()
      .references(() => configVersions.fingerprint),
    source: text('source', { enum: ['initial', 'approval'] }).notNull(),
    /** The approved drift record that set this baseline; null for the initial one. */
    driftRecordId: integer('drift_record_id'),
    establishedAt: text('established_at').notNull(),
    establishedBy: text('established_by').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.assetId] }),
    foreignKey({ columns: [table.siteId, table.assetId], foreignColumns: [assets.siteId, assets.assetId] }),
  ],
);
