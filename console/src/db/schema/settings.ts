import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Governance settings, one row per top-level key of `Settings` (see governance/settings.ts). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
