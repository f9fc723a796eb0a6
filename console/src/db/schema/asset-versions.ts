import { foreignKey, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { assets } from './assets.ts';
import { configVersions } from './config-versions.ts';

/** The history of an asset's configuration: one row each time its fingerprint changed. */
export const assetVersions = sqliteTable(
  'asset_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id').notNull(),
    assetId: text('asset_id').notNull(),
    fingerprint: text('fingerprint')
      .notNull()
      .references(() => configVersions.fingerprint),
    agentId: text('agent_id').notNull(),
    seq: integer('seq').notNull(),
    /** When the agent's poll that saw this configuration started. */
    observedAt: text('observed_at').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (table) => [
    foreignKey({ columns: [table.siteId, table.assetId], foreignColumns: [assets.siteId, assets.assetId] }),
    index('asset_versions_asset_idx').on(table.siteId, table.assetId, table.id),
    // As-of queries (an asset at a time) and site changes between two times.
    index('asset_versions_asset_time_idx').on(table.siteId, table.assetId, table.observedAt),
    index('asset_versions_site_time_idx').on(table.siteId, table.observedAt),
    index('asset_versions_fingerprint_idx').on(table.fingerprint),
  ],
);
