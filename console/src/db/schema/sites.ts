import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A plant. Sites are created by the first message an agent sends from them. */
export const sites = sqliteTable('sites', {
  siteId: text('site_id').primaryKey(),
  firstSeenAt: text('first_seen_at').notNull(),
  lastSeenAt: text('last_seen_at').notNull(),
});
