import type { StatusMessage } from '@plantwatch/protocol';
import type { Tx } from '../../db/client.ts';
import type { AgentState } from '../../states.ts';
import { isoUtc } from '../time.ts';
import type { GovernanceContext } from './governance-context.ts';
import { clearRecord, extendRecord, isUndecided, latestAgentRecord, openRecord } from './record-writes.ts';

/**
 * `agent_offline` drift: a status `offline` (the agent's goodbye, or its will message published
 * by the broker when it vanished) opens a record and alerts; `online` again marks it cleared.
 * Repeated offline statuses of one outage raise nothing more.
 */
export function evaluateAgentStatus(
  tx: Tx,
  context: GovernanceContext,
  message: StatusMessage,
  previousState: AgentState | undefined,
  at: string,
): void {
  const latest = latestAgentRecord(tx, message.agentId, 'agent_offline');
  if (message.state === 'online') {
    if (isUndecided(latest)) clearRecord(tx, latest, at);
    return;
  }
  if (previousState === 'offline') return;
  const severity = context.settings().severity.agent_offline;
  const findings = {
    changes: [
      {
        path: 'agent.state',
        change: 'changed' as const,
        before: previousState ?? 'unknown',
        after: 'offline',
      },
    ],
    changeClasses: [{ path: 'agent.state', class: 'agent_offline' as const, severity }],
    ignoredChanges: [],
  };
  const observedAt = isoUtc(message.sentAt);
  // A flapping agent keeps one record while nobody has decided on it, but each outage alerts.
  if (isUndecided(latest)) {
    extendRecord(tx, latest, { ...findings, observedAt, at });
    context.signals.agentWentOffline(tx, { ...latest, lastDetectedAt: observedAt, clearedAt: null });
    return;
  }
  const record = openRecord(tx, {
    ...findings,
    siteId: message.siteId,
    agentId: message.agentId,
    assetId: null,
    kind: 'agent_offline',
    observedAt,
    at,
  });
  context.signals.agentWentOffline(tx, record);
}
