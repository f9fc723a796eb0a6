import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { REVIEW_ORIGINS, REVIEW_STATUSES } from '../../governance/vocabulary.ts';
import { sites } from './sites.ts';

/**
 * The new-asset review queue: every asset a collector polled for the first time, and every host a
 * switch reported (keyed by MAC, else IP, else LLDP name), waits here until a person accepts it
 * into the inventory (with an owner and a purpose) or ignores it.
 */
export const reviewItems = sqliteTable(
  'review_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.siteId),
    origin: text('origin', { enum: REVIEW_ORIGINS }).notNull(),
    /** `asset:<assetId>`, `mac:<mac>`, `ip:<ip>` or `lldp:<name>`; unique per site. */
    itemKey: text('item_key').notNull(),
    /** The polled asset (origin `polled`). */
    assetId: text('asset_id'),
    agentId: text('agent_id'),
    mac: text('mac'),
    ip: text('ip'),
    /** Where a discovered host was seen: the switch asset, its port and VLAN, and how. */
    switchAssetId: text('switch_asset_id'),
    port: text('port'),
    vlan: integer('vlan'),
    linkSource: text('link_source'),
    remoteName: text('remote_name'),
    status: text('status', { enum: REVIEW_STATUSES }).notNull(),
    firstSeenAt: text('first_seen_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    note: text('note'),
  },
  (table) => [
    uniqueIndex('review_items_key_idx').on(table.siteId, table.itemKey),
    index('review_items_status_idx').on(table.status, table.siteId, table.id),
  ],
);
