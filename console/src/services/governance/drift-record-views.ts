import type { TrackedState, ValueChange } from '@plantwatch/protocol';
import type { ChangeClassification, IgnoredChange } from '../../db/schema/drift-records.ts';
import type { DriftClass, DriftKind, DriftRecordState, Severity } from '../../governance/vocabulary.ts';

/** A console drift record as the API sends it and the pages show it. */
export interface DriftRecordView {
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
  /** Field-level changes from the baseline, `{ path, change, before, after }` as the protocol's diff gives them. */
  changes: ValueChange[];
  /** The class and severity of each change, in the order of `changes`. */
  changeClasses: ChangeClassification[];
  /** Changes an ignore rule filtered out, with the rule's id. */
  ignoredChanges: IgnoredChange[];
  detectedAt: string;
  lastDetectedAt: string;
  clearedAt: string | null;
  openedAt: string;
  updatedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  ticket: string | null;
  comment: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface AgentEventSummary {
  id: number;
  seq: number;
  detectedAt: string;
  receivedAt: string;
  changes: ValueChange[];
}

export interface DriftRecordDetail extends DriftRecordView {
  /** The full tracked states compared, for a side-by-side view; null when not a config record. */
  baselineState: TrackedState | null;
  currentState: TrackedState | null;
  /** The agent's own change events for the same change. */
  agentEvents: AgentEventSummary[];
  changeWindow: ChangeWindowSummary | null;
}

export interface ChangeWindowSummary {
  id: number;
  ticket: string;
  owner: string;
  startsAt: string;
  endsAt: string;
}
