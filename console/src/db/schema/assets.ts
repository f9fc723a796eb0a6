import type { Identity, PointValue, PollOutcome, ProtocolName } from '@plantwatch/protocol';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agents } from './agents.ts';
import { configVersions } from './config-versions.ts';
import { sites } from './sites.ts';

/**
 * The current state of each asset (PLC) as its agent last saw it. Identity, values and fingerprint
 * come from the last successful poll; `poll` from the last poll, successful or not.
 */
export const assets = sqliteTable(
  'assets',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.siteId),
    assetId: text('asset_id').notNull(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.agentId),
    protocol: text('protocol').$type<ProtocolName>().notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    unitId: integer('unit_id'),
    identity: text('identity', { mode: 'json' }).$type<Identity>().notNull(),
    values: text('values', { mode: 'json' }).$type<PointValue[]>().notNull(),
    /** Null until a poll of this asset has succeeded. */
    fingerprint: text('fingerprint').references(() => configVersions.fingerprint),
    poll: text('poll', { mode: 'json' }).$type<PollOutcome>().notNull(),
    pollOk: integer('poll_ok', { mode: 'boolean' }).notNull(),
    lastPollAt: text('last_poll_at').notNull(),
    /** Sequence number of the snapshot this row reflects, to ignore older snapshots that arrive late. */
    lastSeq: integer('last_seq').notNull(),
    /** Failed polls in a row since the last successful one; `unreachable` drift opens at a threshold. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    firstSeenAt: text('first_seen_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.assetId] }),
    index('assets_agent_idx').on(table.agentId),
  ],
);
