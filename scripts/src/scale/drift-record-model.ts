import { diffStates, trackedState, type ValueChange } from '@plantwatch/protocol';
import type { ChangeClassification } from '../../../console/src/db/schema/drift-records.ts';
import { classifyPath } from '../../../console/src/governance/classify.ts';
import { DEFAULT_SETTINGS } from '../../../console/src/governance/settings.ts';
import type {
  DriftClass,
  DriftKind,
  DriftRecordState,
  Severity,
} from '../../../console/src/governance/vocabulary.ts';
import { summarize } from '../../../console/src/services/governance/record-writes.ts';
import type { AssetConfig } from './asset-model.ts';
import { iso } from './fast-format.ts';
import type { Row } from './table-writer.ts';

/**
 * A drift record while the simulation runs. It is written once, when nothing more will happen to
 * it (decided, resolved, or still waiting at the end), with the id it got when it was opened, so
 * ids follow detection time as they do in a console that ingested the history live.
 */
export interface SimRecord {
  id: number;
  siteId: string;
  agentId: string;
  assetId: string | null;
  kind: DriftKind;
  class: DriftClass;
  severity: Severity;
  state: DriftRecordState;
  changeWindowId: number | null;
  baselineFingerprint: string | null;
  currentFingerprint: string | null;
  /** The configuration `currentFingerprint` names (config records), for an approval's baseline. */
  currentConfig: AssetConfig | null;
  changes: ValueChange[];
  changeClasses: ChangeClassification[];
  detectedMs: number;
  lastDetectedMs: number;
  clearedMs: number | null;
  openedMs: number;
  updatedMs: number;
  decidedMs: number | null;
  decidedBy: string | null;
  ticket: string | null;
  comment: string | null;
  resolvedMs: number | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  /** A decision is on the schedule (or the record was left for nobody to decide). */
  decisionPlanned: boolean;
}

export interface Findings {
  changes: ValueChange[];
  changeClasses: ChangeClassification[];
}

const severities = DEFAULT_SETTINGS.severity;

/** What the console's config evaluation finds between a baseline and an observed configuration. */
export function configFindings(baseline: AssetConfig, current: AssetConfig): Findings {
  const changes = diffStates(trackedState(baseline), trackedState(current));
  const changeClasses = changes.map((change) => {
    const changeClass = classifyPath(change.path, change.path.startsWith('identity.') ? undefined : 'config');
    return { path: change.path, class: changeClass, severity: severities[changeClass] };
  });
  return { changes, changeClasses };
}

export function unreachableFindings(failures: number, error: string): Findings {
  const severity = severities.unreachable;
  return {
    changes: [
      { path: 'poll.consecutiveFailures', change: 'changed', before: 0, after: failures },
      { path: 'poll.error', change: 'changed', before: null, after: error },
    ],
    changeClasses: [
      { path: 'poll.consecutiveFailures', class: 'unreachable', severity },
      { path: 'poll.error', class: 'unreachable', severity },
    ],
  };
}

export function agentOfflineFindings(): Findings {
  return {
    changes: [{ path: 'agent.state', change: 'changed', before: 'online', after: 'offline' }],
    changeClasses: [{ path: 'agent.state', class: 'agent_offline', severity: severities.agent_offline }],
  };
}

export function appearedFindings(address: string): Findings {
  return {
    changes: [{ path: 'asset', change: 'added', before: null, after: address }],
    changeClasses: [{ path: 'asset', class: 'asset_appeared', severity: severities.asset_appeared }],
  };
}

/** A new record as `openRecord` writes it; `atMs` is when the console received the observation. */
export function newRecord(
  id: number,
  fields: Pick<SimRecord, 'siteId' | 'agentId' | 'assetId' | 'kind'> & {
    findings: Findings;
    observedMs: number;
    atMs: number;
    changeWindowId?: number | null;
    baselineFingerprint?: string | null;
    currentFingerprint?: string | null;
    currentConfig?: AssetConfig | null;
  },
): SimRecord {
  const summary = summarize(fields.findings.changeClasses);
  const changeWindowId = fields.changeWindowId ?? null;
  return {
    id,
    siteId: fields.siteId,
    agentId: fields.agentId,
    assetId: fields.assetId,
    kind: fields.kind,
    class: summary.class,
    severity: summary.severity,
    state: changeWindowId === null ? 'open' : 'planned',
    changeWindowId,
    baselineFingerprint: fields.baselineFingerprint ?? null,
    currentFingerprint: fields.currentFingerprint ?? null,
    currentConfig: fields.currentConfig ?? null,
    changes: fields.findings.changes,
    changeClasses: fields.findings.changeClasses,
    detectedMs: fields.observedMs,
    lastDetectedMs: fields.observedMs,
    clearedMs: null,
    openedMs: fields.atMs,
    updatedMs: fields.atMs,
    decidedMs: null,
    decidedBy: null,
    ticket: null,
    comment: null,
    resolvedMs: null,
    resolvedBy: null,
    resolutionNote: null,
    decisionPlanned: false,
  };
}

/** Replaces an undecided record's findings with the latest, as `extendRecord` does. */
export function extend(record: SimRecord, findings: Findings, observedMs: number, atMs: number): void {
  const summary = summarize(findings.changeClasses);
  record.class = summary.class;
  record.severity = summary.severity;
  record.changes = findings.changes;
  record.changeClasses = findings.changeClasses;
  record.lastDetectedMs = Math.max(record.lastDetectedMs, observedMs);
  record.updatedMs = atMs;
  record.clearedMs = null;
}

export function isUndecided(record: SimRecord | undefined): record is SimRecord {
  return record !== undefined && (record.state === 'open' || record.state === 'planned');
}

export const DRIFT_RECORD_COLUMNS = [
  'id',
  'site_id',
  'agent_id',
  'asset_id',
  'kind',
  'class',
  'severity',
  'state',
  'change_window_id',
  'baseline_fingerprint',
  'current_fingerprint',
  'changes',
  'change_classes',
  'ignored_changes',
  'detected_at',
  'last_detected_at',
  'cleared_at',
  'opened_at',
  'updated_at',
  'decided_at',
  'decided_by',
  'ticket',
  'comment',
  'resolved_at',
  'resolved_by',
  'resolution_note',
] as const;

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function recordRow(record: SimRecord): Row {
  return [
    record.id,
    record.siteId,
    record.agentId,
    record.assetId,
    record.kind,
    record.class,
    record.severity,
    record.state,
    record.changeWindowId,
    record.baselineFingerprint,
    record.currentFingerprint,
    JSON.stringify(record.changes),
    JSON.stringify(record.changeClasses),
    '[]',
    iso(record.detectedMs),
    iso(record.lastDetectedMs),
    isoOrNull(record.clearedMs),
    iso(record.openedMs),
    iso(record.updatedMs),
    isoOrNull(record.decidedMs),
    record.decidedBy,
    record.ticket,
    record.comment,
    isoOrNull(record.resolvedMs),
    record.resolvedBy,
    record.resolutionNote,
  ];
}
