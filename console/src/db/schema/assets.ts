import type { Identity, PointValue, PollOutcome, ProtocolName } from '@plantwatch/protocol';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agents } from './agents.ts';
import { configVersions } from './config-versions.ts';
import { sites } from './sites.ts';

/** Identity fields as the inventory shows them: devices name the same thing differently. */
const identityField = (...keys: string[]) =>
  sql.raw(
    keys.length === 1
      ? `json_extract(identity, '$.${keys[0]}')`
      : `coalesce(${keys.map((key) => `json_extract(identity, '$.${key}')`).join(', ')})`,
  );

/**
 * The current state of each asset (PLC) as its agent last saw it. Identity, values and fingerprint
 * come from the last successful poll; `poll` from the last poll, successful or not.
 *
 * Kept up to date by triggers (migration 0008, not expressible in drizzle): `owner` from the owners
 * table, the per-site counters in `site_stats`, and `assets_search`, an FTS5 trigram index over the
 * text that is nearly unique per asset (asset id, host, serial) for the inventory's search.
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
    /** When a poll last succeeded; null until one has. Set with every successful poll. */
    lastOkAt: text('last_ok_at'),
    /** Sequence number of the snapshot this row reflects, to ignore older snapshots that arrive late. */
    lastSeq: integer('last_seq').notNull(),
    /** Failed polls in a row since the last successful one; `unreachable` drift opens at a threshold. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    firstSeenAt: text('first_seen_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /**
     * The asset's owner, copied from `owners` by triggers: the inventory sorts and filters by it
     * through an index instead of joining the owners of every asset. Null is a governance gap.
     */
    owner: text('owner'),
    // Computed from `identity` when read, never stored; indexed for sorting. The ingest leaves
    // `identity` out of its update when the fingerprint is unchanged, so these indexes (and the
    // search triggers) are not rewritten by every poll.
    vendor: text('vendor').generatedAlwaysAs(identityField('vendor'), { mode: 'virtual' }),
    model: text('model').generatedAlwaysAs(identityField('model', 'productName', 'productCode'), {
      mode: 'virtual',
    }),
    firmware: text('firmware').generatedAlwaysAs(identityField('firmware', 'softwareRevision', 'revision'), {
      mode: 'virtual',
    }),
    serial: text('serial').generatedAlwaysAs(identityField('serial'), { mode: 'virtual' }),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.assetId] }),
    // Per agent and per site: failing polls, coverage and the newest successful poll, each answered
    // by a seek or a short range (see the fleet and agent services).
    index('assets_agent_idx').on(table.agentId, table.pollOk, table.lastOkAt),
    index('assets_site_ok_idx').on(table.siteId, table.pollOk, table.lastOkAt),
    // One index per inventory sort, ending with the page key so that a page is read in index
    // order without sorting. Only last_poll_at changes with every poll.
    index('assets_asset_idx').on(table.assetId, table.siteId),
    index('assets_host_idx').on(table.host, table.siteId, table.assetId),
    index('assets_protocol_idx').on(table.protocol, table.siteId, table.assetId),
    index('assets_vendor_idx').on(table.vendor, table.siteId, table.assetId),
    index('assets_model_idx').on(table.model, table.siteId, table.assetId),
    index('assets_firmware_idx').on(table.firmware, table.siteId, table.assetId),
    index('assets_owner_idx').on(table.owner, table.siteId, table.assetId),
    index('assets_last_poll_idx').on(table.lastPollAt, table.siteId, table.assetId),
  ],
);
