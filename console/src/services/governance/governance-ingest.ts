import type { DriftMessage, InventoryMessage, StatusMessage } from '@plantwatch/protocol';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { agents, driftEvents } from '../../db/schema/index.ts';
import type { AgentState } from '../../states.ts';
import type { AppliedAsset } from '../ingest-writes.ts';
import { isoUtc } from '../time.ts';
import { evaluateAgentStatus } from './evaluate-agent.ts';
import { evaluateAppeared } from './evaluate-appeared.ts';
import { evaluateConfig } from './evaluate-config.ts';
import { evaluateLinks } from './evaluate-links.ts';
import { evaluateReachability } from './evaluate-reachability.ts';
import type { GovernanceContext } from './governance-context.ts';
import { recordForAgentEvent } from './record-writes.ts';

/** Hooks for discovered hosts (new assets seen by any collector), filled in by the review queue. */
export interface DiscoveryHooks {
  assetFirstSeen(tx: Tx, siteId: string, agentId: string, assetId: string, at: string): void;
  linksSeen(
    tx: Tx,
    siteId: string,
    switchAssetId: string,
    links: NonNullable<AppliedAsset['prepared']['snapshot']['links']>,
    at: string,
  ): void;
}

/** The governance checks ingest runs inside its transaction, after storing a message. */
export interface GovernanceIngest {
  afterInventory(tx: Tx, message: InventoryMessage, applied: readonly AppliedAsset[], at: string): void;
  afterStatus(tx: Tx, message: StatusMessage, previousState: AgentState | undefined, at: string): void;
  afterDriftEvent(tx: Tx, message: DriftMessage, eventId: number): void;
}

export function createGovernanceIngest(
  context: GovernanceContext,
  discovery?: DiscoveryHooks,
): GovernanceIngest {
  return {
    afterInventory(tx, message, applied, at) {
      const { siteId, agentId } = message;
      let agentFirstSeenAt: string | undefined;
      for (const asset of applied) {
        const { snapshot, trackedJson } = asset.prepared;
        const observedAt = isoUtc(snapshot.poll.startedAt);
        if (asset.isNew) {
          discovery?.assetFirstSeen(tx, siteId, agentId, snapshot.assetId, at);
          agentFirstSeenAt ??= tx
            .select({ firstSeenAt: agents.firstSeenAt })
            .from(agents)
            .where(eq(agents.agentId, agentId))
            .get()?.firstSeenAt;
          if (agentFirstSeenAt)
            evaluateAppeared(tx, context, { siteId, agentId, snapshot, agentFirstSeenAt, observedAt, at });
        }
        evaluateReachability(tx, context, {
          siteId,
          agentId,
          assetId: snapshot.assetId,
          consecutiveFailures: asset.consecutiveFailures,
          previousFailures: asset.previousFailures,
          error: snapshot.poll.error,
          observedAt,
          at,
        });
        if (snapshot.fingerprint === null || trackedJson === null) continue;
        evaluateConfig(tx, context, {
          siteId,
          agentId,
          snapshot,
          fingerprint: snapshot.fingerprint,
          trackedJson,
          previousFingerprint: asset.previousFingerprint,
          observedAt,
          at,
        });
        if (snapshot.links !== undefined) {
          const fresh = evaluateLinks(tx, context, {
            siteId,
            agentId,
            snapshot: { ...snapshot, links: snapshot.links },
            observedAt,
            at,
          });
          if (fresh.length > 0) discovery?.linksSeen(tx, siteId, snapshot.assetId, fresh, at);
        }
      }
    },

    afterStatus(tx, message, previousState, at) {
      evaluateAgentStatus(tx, context, message, previousState, at);
    },

    afterDriftEvent(tx, message, eventId) {
      const recordId = recordForAgentEvent(tx, message.siteId, message.assetId, message.currentFingerprint);
      if (recordId !== undefined) {
        tx.update(driftEvents).set({ driftRecordId: recordId }).where(eq(driftEvents.id, eventId)).run();
      }
    },
  };
}
