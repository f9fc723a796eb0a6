import type { AssetSnapshot } from '@plantwatch/protocol';
import type { Tx } from '../../db/client.ts';
import type { GovernanceContext } from './governance-context.ts';
import { openRecord } from './record-writes.ts';

export interface AppearedObservation {
  siteId: string;
  agentId: string;
  snapshot: AssetSnapshot;
  /** When the console first heard from the asset's agent. */
  agentFirstSeenAt: string;
  observedAt: string;
  at: string;
}

/**
 * `asset_appeared` drift: an asset first reported well after its agent started reporting (past
 * the grace period) is a device that showed up on a running plant. Assets an agent reports in its
 * first minutes are its initial inventory and only enter the review queue.
 */
export function evaluateAppeared(tx: Tx, context: GovernanceContext, observation: AppearedObservation): void {
  const settings = context.settings();
  const sinceAgentMs = Date.parse(observation.at) - Date.parse(observation.agentFirstSeenAt);
  if (sinceAgentMs < settings.assetAppearedGraceMinutes * 60_000) return;
  const { snapshot } = observation;
  const address = `${snapshot.protocol} ${snapshot.host}:${snapshot.port}`;
  const severity = settings.severity.asset_appeared;
  const record = openRecord(tx, {
    siteId: observation.siteId,
    agentId: observation.agentId,
    assetId: snapshot.assetId,
    kind: 'asset_appeared',
    changes: [{ path: 'asset', change: 'added', before: null, after: address }],
    changeClasses: [{ path: 'asset', class: 'asset_appeared', severity }],
    ignoredChanges: [],
    observedAt: observation.observedAt,
    at: observation.at,
    changeWindowId: context.changeWindowFor(tx, observation.siteId, snapshot.assetId, observation.observedAt),
  });
  context.signals.recordOpened(tx, record);
}
