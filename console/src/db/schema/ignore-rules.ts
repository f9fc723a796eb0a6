import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

import { IGNORE_SCOPES } from '../../governance/vocabulary.ts';

/**
 * Noise filters: changes whose path matches `pathPattern` (a glob, see governance/path-pattern.ts)
 * raise no drift, fleet-wide, at one site, on one asset or on every asset of one model. Rules are
 * never deleted: disabling is a new version. Every version is kept in `ignore_rule_versions`.
 */
export const ignoreRules = sqliteTable(
  'ignore_rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scope: text('scope', { enum: IGNORE_SCOPES }).notNull(),
    siteId: text('site_id'),
    assetId: text('asset_id'),
    model: text('model'),
    pathPattern: text('path_pattern').notNull(),
    reason: text('reason').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (table) => [index('ignore_rules_enabled_idx').on(table.enabled)],
);
