import type { ValueChange } from '@plantwatch/protocol';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { ChangeClassification, IgnoredChange } from '../../db/schema/drift-records.ts';
import { driftEvents, driftRecords } from '../../db/schema/index.ts';
import {
  type DriftClass,
  type DriftKind,
  maxSeverity,
  SEVERITIES,
  type Severity,
  severityRank,
  UNDECIDED_STATES,
} from '../../governance/vocabulary.ts';

export type DriftRecordRow = typeof driftRecords.$inferSelect;

/** The findings of one observation, before they become or extend a record. */
export interface Findings {
  changes: ValueChange[];
  changeClasses: ChangeClassification[];
  ignoredChanges: IgnoredChange[];
}

export interface NewRecord extends Findings {
  siteId: string;
  agentId: string;
  assetId: string | null;
  kind: DriftKind;
  baselineFingerprint?: string | null;
  currentFingerprint?: string | null;
  /** When the device was observed (poll start, status time). */
  observedAt: string;
  /** When the console received it. */
  at: string;
  changeWindowId?: number | null;
}

/** The record's class and severity: those of its most severe change (first one on ties). */
export function summarize(changeClasses: readonly ChangeClassification[]): {
  class: DriftClass;
  severity: Severity;
} {
  const severity = maxSeverity(changeClasses.map((change) => change.severity));
  const top = changeClasses.find((change) => change.severity === severity);
  return { class: top?.class ?? 'config', severity: top ? severity : SEVERITIES[0] };
}

export function openRecord(tx: Tx, record: NewRecord): DriftRecordRow {
  const { class: recordClass, severity } = summarize(record.changeClasses);
  return tx
    .insert(driftRecords)
    .values({
      siteId: record.siteId,
      agentId: record.agentId,
      assetId: record.assetId,
      kind: record.kind,
      class: recordClass,
      severity,
      state: record.changeWindowId ? 'planned' : 'open',
      changeWindowId: record.changeWindowId ?? null,
      baselineFingerprint: record.baselineFingerprint ?? null,
      currentFingerprint: record.currentFingerprint ?? null,
      changes: record.changes,
      changeClasses: record.changeClasses,
      ignoredChanges: record.ignoredChanges,
      detectedAt: record.observedAt,
      lastDetectedAt: record.observedAt,
      openedAt: record.at,
      updatedAt: record.at,
    })
    .returning()
    .get();
}

export interface Extension extends Findings {
  observedAt: string;
  at: string;
  currentFingerprint?: string | null;
  /** Set when the extension happened outside the record's change window: planned becomes open. */
  unplanned?: boolean;
}

/**
 * Replaces an undecided record's findings with the latest. Returns the updated record when its
 * severity went up (alerts treat that as new drift: a program change folded into an open setpoint
 * record must still reach a SOC that only hears about critical drift), else undefined.
 */
export function extendRecord(
  tx: Tx,
  record: DriftRecordRow,
  extension: Extension,
): DriftRecordRow | undefined {
  const { class: recordClass, severity } = summarize(extension.changeClasses);
  const updated = tx
    .update(driftRecords)
    .set({
      class: recordClass,
      severity,
      changes: extension.changes,
      changeClasses: extension.changeClasses,
      ignoredChanges: extension.ignoredChanges,
      ...(extension.currentFingerprint === undefined
        ? {}
        : { currentFingerprint: extension.currentFingerprint }),
      lastDetectedAt: laterOf(record.lastDetectedAt, extension.observedAt),
      updatedAt: extension.at,
      clearedAt: null,
      ...(extension.unplanned && record.state === 'planned' ? { state: 'open' as const } : {}),
    })
    .where(eq(driftRecords.id, record.id))
    .returning()
    .get();
  return severityRank(severity) > severityRank(record.severity) ? updated : undefined;
}

/** The condition ended by itself; the record still waits for a decision. */
export function clearRecord(tx: Tx, record: DriftRecordRow, at: string): void {
  if (record.clearedAt !== null) return;
  tx.update(driftRecords).set({ clearedAt: at, updatedAt: at }).where(eq(driftRecords.id, record.id)).run();
}

/** The newest record of a kind about an asset. */
export function latestAssetRecord(
  tx: Tx,
  siteId: string,
  assetId: string,
  kind: DriftKind,
): DriftRecordRow | undefined {
  return tx
    .select()
    .from(driftRecords)
    .where(
      and(eq(driftRecords.siteId, siteId), eq(driftRecords.assetId, assetId), eq(driftRecords.kind, kind)),
    )
    .orderBy(desc(driftRecords.id))
    .limit(1)
    .get();
}

export function latestAgentRecord(tx: Tx, agentId: string, kind: DriftKind): DriftRecordRow | undefined {
  return tx
    .select()
    .from(driftRecords)
    .where(and(eq(driftRecords.agentId, agentId), eq(driftRecords.kind, kind)))
    .orderBy(desc(driftRecords.id))
    .limit(1)
    .get();
}

export function isUndecided(record: DriftRecordRow | undefined): record is DriftRecordRow {
  return record !== undefined && UNDECIDED_STATES.includes(record.state);
}

/** Links the agent's own change events for the same asset and configuration to a record. */
export function linkAgentEvents(tx: Tx, record: DriftRecordRow, fingerprint: string): void {
  if (record.assetId === null) return;
  tx.update(driftEvents)
    .set({ driftRecordId: record.id })
    .where(
      and(
        eq(driftEvents.siteId, record.siteId),
        eq(driftEvents.assetId, record.assetId),
        eq(driftEvents.currentFingerprint, fingerprint),
        isNull(driftEvents.driftRecordId),
      ),
    )
    .run();
}

/** The record an agent's change event belongs to, if the console has seen that configuration. */
export function recordForAgentEvent(
  tx: Tx,
  siteId: string,
  assetId: string,
  currentFingerprint: string,
): number | undefined {
  return tx
    .select({ id: driftRecords.id })
    .from(driftRecords)
    .where(
      and(
        eq(driftRecords.siteId, siteId),
        eq(driftRecords.assetId, assetId),
        eq(driftRecords.kind, 'config'),
        eq(driftRecords.currentFingerprint, currentFingerprint),
      ),
    )
    .orderBy(desc(driftRecords.id))
    .limit(1)
    .get()?.id;
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
