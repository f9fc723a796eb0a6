import type { ValueChange } from '@plantwatch/protocol';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import {
  DRIFT_CLASSES,
  DRIFT_KINDS,
  DRIFT_RECORD_STATES,
  type DriftClass,
  SEVERITIES,
  type Severity,
} from '../../governance/vocabulary.ts';
import { agents } from './agents.ts';
import { sites } from './sites.ts';

/** The class and severity of one change, in the same order as `changes`. */
export interface ChangeClassification {
  path: string;
  class: DriftClass;
  severity: Severity;
}

/** A change an ignore rule filtered out, kept to show why it raised nothing. */
export interface IgnoredChange extends ValueChange {
  ruleId: number;
}

/**
 * The console's drift records: the source of truth for governance. One record per episode of
 * drift on an asset (or agent): opened when a difference from the baseline is first seen, extended
 * while it stays undecided, closed only by a person's decision.
 */
export const driftRecords = sqliteTable(
  'drift_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.siteId),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.agentId),
    /** Null for records about an agent (`agent_offline`). */
    assetId: text('asset_id'),
    kind: text('kind', { enum: DRIFT_KINDS }).notNull(),
    class: text('class', { enum: DRIFT_CLASSES }).notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    state: text('state', { enum: DRIFT_RECORD_STATES }).notNull(),
    changeWindowId: integer('change_window_id'),
    /** Config records: the baseline compared against, and the state last observed. */
    baselineFingerprint: text('baseline_fingerprint'),
    currentFingerprint: text('current_fingerprint'),
    changes: text('changes', { mode: 'json' }).$type<ValueChange[]>().notNull(),
    changeClasses: text('change_classes', { mode: 'json' }).$type<ChangeClassification[]>().notNull(),
    ignoredChanges: text('ignored_changes', { mode: 'json' }).$type<IgnoredChange[]>().notNull(),
    /** When the device was first and last seen in this drift (poll or status time). */
    detectedAt: text('detected_at').notNull(),
    lastDetectedAt: text('last_detected_at').notNull(),
    /** The condition ended by itself: back to baseline, answering again, agent back online. */
    clearedAt: text('cleared_at'),
    openedAt: text('opened_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    ticket: text('ticket'),
    comment: text('comment'),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolutionNote: text('resolution_note'),
  },
  (table) => [
    index('drift_records_site_state_idx').on(table.siteId, table.state, table.detectedAt),
    index('drift_records_state_idx').on(table.state, table.detectedAt),
    index('drift_records_detected_idx').on(table.detectedAt),
    index('drift_records_asset_idx').on(table.siteId, table.assetId, table.kind, table.id),
    index('drift_records_agent_idx').on(table.agentId, table.kind, table.id),
    index('drift_records_class_idx').on(table.class, table.state),
    // The fleet's weekly trend counts records opened and decided per week, each week a range.
    index('drift_records_opened_idx').on(table.openedAt, table.siteId),
    index('drift_records_decided_idx').on(table.state, table.decidedAt, table.siteId),
  ],
);
