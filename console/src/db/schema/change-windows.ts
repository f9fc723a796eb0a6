import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sites } from './sites.ts';

/**
 * A planned change: drift detected on its assets between `startsAt` and `endsAt` is `planned`
 * (it still needs a person's confirmation, with the window's ticket filled in).
 */
export const changeWindows = sqliteTable(
  'change_windows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.siteId),
    /** The assets it covers; empty means every asset of the site. */
    assetIds: text('asset_ids', { mode: 'json' }).$type<string[]>().notNull(),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    ticket: text('ticket').notNull(),
    owner: text('owner').notNull(),
    description: text('description').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    cancelledAt: text('cancelled_at'),
    cancelledBy: text('cancelled_by'),
  },
  (table) => [index('change_windows_site_idx').on(table.siteId, table.startsAt)],
);
