import type { ValueChange } from '@plantwatch/protocol';
import type { AlertEvent } from '../governance/settings.ts';
import type { DriftClass, DriftKind, DriftRecordState, Severity } from '../governance/vocabulary.ts';

/** The most changes one alert carries; the drift record in the console has them all. */
export const ALERT_CHANGES_LIMIT = 50;

/**
 * What an alert says, the same for every target: the JSON body of a webhook, the fields of a CEF
 * syslog message. Device strings inside are data: each sender escapes them for its format.
 */
export interface AlertPayload {
  event: AlertEvent;
  occurredAt: string;
  severity: Severity;
  siteId: string;
  agentId: string;
  assetId: string | null;
  drift: {
    id: number;
    kind: DriftKind;
    class: DriftClass;
    state: DriftRecordState;
    detectedAt: string;
    changeCount: number;
    changes: ValueChange[];
    ticket: string | null;
    comment: string | null;
    decidedBy: string | null;
  };
}

/** A one-line summary for people: `unauthorized config drift on plant-a/press-01 (setpoints[4]: 100 -> 140)`. */
export function alertSummary(payload: AlertPayload): string {
  const subject =
    payload.assetId === null ? `agent ${payload.agentId}` : `${payload.siteId}/${payload.assetId}`;
  const what =
    payload.event === 'agent.offline'
      ? `agent ${payload.agentId} at ${payload.siteId} went offline`
      : `${payload.event === 'drift.unauthorized' ? 'unauthorized ' : ''}${payload.drift.class} drift on ${subject}`;
  const first = payload.drift.changes[0];
  if (payload.event === 'agent.offline' || !first) return what;
  const more = payload.drift.changeCount > 1 ? ` and ${payload.drift.changeCount - 1} more` : '';
  return `${what} (${first.path}: ${String(first.before)} -> ${String(first.after)}${more})`;
}
