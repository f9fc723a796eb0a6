import { sanitizeDeviceString } from '@plantwatch/protocol';
import type { Tx } from '../../db/client.ts';
import type { GovernanceContext } from './governance-context.ts';
import {
  clearRecord,
  extendRecord,
  type Findings,
  isUndecided,
  latestAssetRecord,
  openRecord,
} from './record-writes.ts';

export interface PollObservation {
  siteId: string;
  agentId: string;
  assetId: string;
  /** Failed polls in a row, this one included; 0 after a successful poll. */
  consecutiveFailures: number;
  /** The count before this poll. */
  previousFailures: number;
  error: { code: string; message: string } | undefined;
  observedAt: string;
  at: string;
}

/**
 * `unreachable` drift: opened when the failures in a row reach the configured threshold, extended
 * while they go on, cleared (still waiting for a decision) when a poll succeeds again.
 */
export function evaluateReachability(tx: Tx, context: GovernanceContext, poll: PollObservation): void {
  const threshold = context.settings().unreachableAfterPolls;
  if (poll.consecutiveFailures === 0) {
    if (poll.previousFailures < threshold) return;
    const latest = latestAssetRecord(tx, poll.siteId, poll.assetId, 'unreachable');
    if (isUndecided(latest)) clearRecord(tx, latest, poll.at);
    return;
  }
  if (poll.consecutiveFailures < threshold) return;
  const findings = unreachableFindings(context, poll);
  const latest = latestAssetRecord(tx, poll.siteId, poll.assetId, 'unreachable');
  if (poll.consecutiveFailures > threshold && isUndecided(latest)) {
    extendRecord(tx, latest, { ...findings, observedAt: poll.observedAt, at: poll.at });
    return;
  }
  // Crossing the threshold starts a new outage (a higher count here means the threshold was lowered).
  if (isUndecided(latest) && latest.clearedAt === null) return;
  const record = openRecord(tx, {
    ...findings,
    siteId: poll.siteId,
    agentId: poll.agentId,
    assetId: poll.assetId,
    kind: 'unreachable',
    observedAt: poll.observedAt,
    at: poll.at,
  });
  context.signals.recordOpened(tx, record);
}

function unreachableFindings(context: GovernanceContext, poll: PollObservation): Findings {
  const severity = context.settings().severity.unreachable;
  const error = poll.error
    ? sanitizeDeviceString(`${poll.error.code}: ${poll.error.message}`)
    : 'poll failed';
  return {
    changes: [
      { path: 'poll.consecutiveFailures', change: 'changed', before: 0, after: poll.consecutiveFailures },
      { path: 'poll.error', change: 'changed', before: null, after: error },
    ],
    changeClasses: [
      { path: 'poll.consecutiveFailures', class: 'unreachable', severity },
      { path: 'poll.error', class: 'unreachable', severity },
    ],
    ignoredChanges: [],
  };
}
