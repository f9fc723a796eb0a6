import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { IGNORE_SCOPES } from '../../governance/vocabulary.ts';
import { ignoreRules } from './ignore-rules.ts';

/** Each version of each ignore rule as it was saved, so that any past filtering can be explained. */
export const ignoreRuleVersions = sqliteTable(
  'ignore_rule_versions',
  {
    ruleId: integer('rule_id')
      .notNull()
      .references(() => ignoreRules.id),
    version: integer('version').notNull(),
    scope: text('scope', { enum: IGNORE_SCOPES }).notNull(),
    siteId: text('site_id'),
    assetId: text('asset_id'),
    model: text('model'),
    pathPattern: text('path_pattern').notNull(),
    reason: text('reason').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    savedAt: text('saved_at').notNull(),
    savedBy: text('saved_by').notNull(),
  },
  (table) => [primaryKey({ columns: [table.ruleId, table.version] })],
);
