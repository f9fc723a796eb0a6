import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { AGENT_STATES } from '../../states.ts';
import { sites } from './sites.ts';

/** A gateway agent. It stays bound to the site it first reported from (see the ingest service). */
export const agents = sqliteTable(
  'agents',
  {
    agentId: text('agent_id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.siteId),
    state: text('state', { enum: AGENT_STATES }).notNull(),
    agentVersion: text('agent_version'),
    startedAt: text('started_at'),
    targetCount: integer('target_count'),
    firstSeenAt: text('first_seen_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    /** The highest sequence number ingested from this agent. */
    lastSeq: integer('last_seq').notNull(),
    /** When the status message that set the figures below was received. */
    lastStatusAt: text('last_status_at'),
    /**
     * The agent's clock minus the console's, from an `online` status (its send time against the
     * time received): positive when the agent is ahead. Includes the transit time, milliseconds.
     */
    clockSkewMs: integer('clock_skew_ms'),
    /** The agent's outbox from its last status: messages and bytes waiting, age of the oldest. */
    outboxDepth: integer('outbox_depth'),
    outboxBytes: integer('outbox_bytes'),
    outboxOldestAgeMs: integer('outbox_oldest_age_ms'),
    /** Messages the agent dropped because its outbox was full, since it started. */
    outboxDropped: integer('outbox_dropped'),
  },
  (table) => [index('agents_site_idx').on(table.siteId)],
);
