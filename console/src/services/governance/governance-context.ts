import type { Tx } from '../../db/client.ts';
import type { CompiledIgnoreRule } from '../../governance/ignore-match.ts';
import type { Settings } from '../../governance/settings.ts';
import type { DriftRecordRow } from './record-writes.ts';

/**
 * What happens when governance records something alerts care about. Each hook runs inside the
 * transaction that made the change, so that an alert is queued if and only if the change commits.
 */
export interface GovernanceSignals {
  recordOpened(tx: Tx, record: DriftRecordRow): void;
  agentWentOffline(tx: Tx, record: DriftRecordRow): void;
  recordUnauthorized(tx: Tx, record: DriftRecordRow): void;
}

/** The pieces the evaluation of incoming snapshots and statuses needs, shared with the services. */
export interface GovernanceContext {
  settings(): Settings;
  /** Enabled ignore rules, compiled; cached until a rule changes. */
  ignoreRules(tx: Tx): readonly CompiledIgnoreRule[];
  /** The change window covering an asset at a time, if any (the latest-starting one). */
  changeWindowFor(tx: Tx, siteId: string, assetId: string, at: string): number | null;
  signals: GovernanceSignals;
}
