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
  },
  (table) => [index('agents_site_idx').on(table.siteId)],
);
