import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every distinct configuration ever observed, stored once and addressed by its fingerprint. `state`
 * is the canonical JSON of the tracked state, so `sha256(state) = fingerprint` can be re-checked.
 */
export const configVersions = sqliteTable('config_versions', {
  fingerprint: text('fingerprint').primaryKey(),
  state: text('state').notNull(),
  firstSeenAt: text('first_seen_at').notNull(),
});
