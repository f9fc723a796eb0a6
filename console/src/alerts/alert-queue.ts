import type { Tx } from '../db/client.ts';
import { alertOutbox } from '../db/schema/index.ts';
import type { AlertEvent, Settings } from '../governance/settings.ts';
import { severityRank } from '../governance/vocabulary.ts';
import type { GovernanceSignals } from '../services/governance/governance-context.ts';
import type { DriftRecordRow } from '../services/governance/record-writes.ts';
import { ALERT_CHANGES_LIMIT, type AlertPayload } from './alert-payload.ts';

/**
 * Turns governance events into outbox rows, one per target that wants the event, inside the
 * transaction of the event. New drift goes to targets whose severity threshold it reaches (an
 * `agent_offline` record alerts as `agent.offline` instead); unauthorized decisions and agents
 * going offline go to every target that subscribes to them.
 */
export function createAlertSignals(options: {
  settings: () => Settings;
  now: () => Date;
}): GovernanceSignals {
  function enqueue(tx: Tx, event: AlertEvent, record: DriftRecordRow, threshold: boolean): void {
    const { alerts } = options.settings();
    const wants = (target: {
      enabled: boolean;
      events: readonly AlertEvent[];
      minSeverity: DriftRecordRow['severity'];
    }) =>
      target.enabled &&
      target.events.includes(event) &&
      (!threshold || severityRank(record.severity) >= severityRank(target.minSeverity));
    const targets = [
      ...alerts.webhooks.filter(wants).map((target) => ({ kind: 'webhook' as const, id: target.id })),
      ...alerts.syslog.filter(wants).map((target) => ({ kind: 'syslog' as const, id: target.id })),
    ];
    if (targets.length === 0) return;
    const at = options.now().toISOString();
    const payload = toPayload(event, record, at);
    for (const target of targets) {
      tx.insert(alertOutbox)
        .values({
          event,
          targetKind: target.kind,
          targetId: target.id,
          payload,
          createdAt: at,
          state: 'pending',
          attempts: 0,
          nextAttemptAt: at,
        })
        .run();
    }
  }

  return {
    recordOpened: (tx, record) => enqueue(tx, 'drift.opened', record, true),
    agentWentOffline: (tx, record) => enqueue(tx, 'agent.offline', record, false),
    recordUnauthorized: (tx, record) => enqueue(tx, 'drift.unauthorized', record, false),
  };
}

function toPayload(event: AlertEvent, record: DriftRecordRow, at: string): AlertPayload {
  return {
    event,
    occurredAt: event === 'drift.unauthorized' ? (record.decidedAt ?? at) : record.lastDetectedAt,
    severity: record.severity,
    siteId: record.siteId,
    agentId: record.agentId,
    assetId: record.assetId,
    drift: {
      id: record.id,
      kind: record.kind,
      class: record.class,
      state: record.state,
      detectedAt: record.detectedAt,
      changeCount: record.changes.length,
      changes: record.changes.slice(0, ALERT_CHANGES_LIMIT),
      ticket: record.ticket,
      comment: record.comment,
      decidedBy: record.decidedBy,
    },
  };
}
