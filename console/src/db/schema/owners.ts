import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { OWNED_TYPES } from '../../governance/vocabulary.ts';

/**
 * Who answers for an asset, an agent or an accepted discovered host (a person or a team), and
 * what it is for. Anything without a row here is a governance gap.
 */
export const owners = sqliteTable(
  'owners',
  {
    entityType: text('entity_type', { enum: OWNED_TYPES }).notNull(),
    siteId: text('site_id').notNull(),
    /** The asset id, the agent id, or the review item key of a host. */
    entityId: text('entity_id').notNull(),
    owner: text('owner').notNull(),
    purpose: text('purpose').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.entityType, table.siteId, table.entityId] }),
    index('owners_owner_idx').on(table.owner),
  ],
);
