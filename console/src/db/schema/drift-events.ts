import type { ValueChange } from '@plantwatch/protocol';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DRIFT_STATES } from '../../states.ts';
import { agents } from './agents.ts';
import { sites } from './sites.ts';

/**
 * A configuration change an agent detected and reported (agent-reported change events). The
 * console's own drift records (drift-records.ts) are the source of truth for governance; an event
 * is linked to the record that covers the same change. The asset is not a foreign key: a drift
 * event may arrive before the inventory snapshot that introduces its asset.
 */
export const driftEvents = sqliteTable(
  'drift_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.siteId),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.agentId),
    assetId: text('asset_id').notNull(),
    seq: integer('seq').notNull(),
    detectedAt: text('detected_at').notNull(),
    receivedAt: text('received_at').notNull(),
    previousFingerprint: text('previous_fingerprint').notNull(),
    currentFingerprint: text('current_fingerprint').notNull(),
    state: text('state', { enum: DRIFT_STATES }).notNull(),
    changes: text('changes', { mode: 'json' }).$type<ValueChange[]>().notNull(),
    /** The console drift record covering the same change, once known. */
    driftRecordId: integer('drift_record_id'),
  },
  (table) => [
    uniqueIndex('drift_events_message_idx').on(table.agentId, table.seq),
    index('drift_events_site_state_idx').on(table.siteId, table.state),
    index('drift_events_asset_idx').on(table.siteId, table.assetId, table.detectedAt),
    index('drift_events_detected_idx').on(table.detectedAt),
    index('drift_events_record_idx').on(table.driftRecordId),
  ],
);
