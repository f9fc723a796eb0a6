import { type AgentMessage, type RejectReason, trackedState } from '@plantwatch/protocol';
import { canonicalJson, PlantwatchError, sha256Hex } from '@plantwatch/shared';
import type { ConsoleDatabase } from '../db/client.ts';
import type { SignatureRefusal } from '../ingest/message-signatures.ts';
import type { BrokerRefusal } from '../ingest/refusals.ts';
import type { GovernanceIngest } from './governance/governance-ingest.ts';
import { prepareIngestStatements } from './ingest-statements.ts';
import {
  applyDrift,
  applyInventory,
  applyStatus,
  type PreparedAsset,
  touchSiteAndAgent,
} from './ingest-writes.ts';
import { advanceSignedSeq, isReplay, recordUnsentSeqs } from './sequence-accounting.ts';
import { isoUtc } from './time.ts';

/**
 * Why a message was not stored: the decoder's reasons (wrong topic, too large, not JSON, schema,
 * payload and topic disagree), plus the console's own checks on a well-formed message.
 */
export type IngestRejectReason =
  | RejectReason
  /** A known agent claims a site other than the one it first reported from (a forged site id). */
  | 'agent_site_conflict'
  /** An asset's fingerprint is not the hash of its tracked state. */
  | 'fingerprint_mismatch'
  /** Refused by the embedded broker: credentials, topic permissions, rate limit. */
  | BrokerRefusal
  /** Unsigned, forged or replayed (see ingest/message-signatures.ts). */
  | SignatureRefusal;

export type IngestOutcome =
  | { status: 'accepted' }
  | { status: 'duplicate' }
  | { status: 'rejected'; reason: IngestRejectReason; detail: string };

export interface IngestStats {
  accepted: number;
  duplicates: number;
  rejected: Partial<Record<IngestRejectReason, number>>;
}

export interface IngestService {
  /**
   * Stores one decoded message in one transaction, or tells why not. Throws (a PlantwatchError of
   * code `internal`) only when the database fails; nothing is counted then, the message may come again.
   */
  ingest(message: AgentMessage, receivedAt?: Date, options?: IngestOptions): IngestOutcome;
  /** Counts a message refused before it reached this service (by the decoder or the broker). */
  recordRejected(reason: IngestRejectReason): void;
  stats(): IngestStats;
}

export interface IngestOptions {
  /** The message's signature was verified: it is checked for replay and advances the agent's mark. */
  signed?: boolean;
}

export interface IngestServiceOptions {
  db: ConsoleDatabase;
  now?: () => Date;
  /** Baselines, drift records and discovery, run in the same transaction as the message. */
  governance?: GovernanceIngest;
  /** Called after a transaction that queued alerts has committed. */
  afterCommit?: () => void;
}

export function createIngestService(options: IngestServiceOptions): IngestService {
  const { db, governance } = options;
  const now = options.now ?? (() => new Date());
  const counters: IngestStats = { accepted: 0, duplicates: 0, rejected: {} };
  const statements = prepareIngestStatements(db);

  function recordRejected(reason: IngestRejectReason): void {
    counters.rejected[reason] = (counters.rejected[reason] ?? 0) + 1;
  }

  function store(message: AgentMessage, at: string, signed: boolean): IngestOutcome {
    return db.transaction((tx): IngestOutcome => {
      // Who may speak for which site comes first: a forged message is reported as forged, whatever
      // else is wrong with it.
      const bound = statements.agentSite.get({ agentId: message.agentId });
      if (bound && bound.siteId !== message.siteId) {
        return {
          status: 'rejected',
          reason: 'agent_site_conflict',
          detail: `agent ${message.agentId} belongs to site ${bound.siteId}, message claims ${message.siteId}`,
        };
      }
      const seen = statements.seenMessage.get({ agentId: message.agentId, seq: message.seq });
      if (seen) return { status: 'duplicate' };
      if (signed && isReplay(tx, message)) {
        return {
          status: 'rejected',
          reason: 'replayed',
          detail: `${message.type} #${message.seq} is not above the last signed message accepted from ${message.agentId}`,
        };
      }
      const prepared = message.type === 'inventory' ? message.assets.map(prepareAsset) : [];
      const mismatch = prepared.findIndex((asset) => asset.fingerprintMismatch);
      if (mismatch >= 0) {
        return {
          status: 'rejected',
          reason: 'fingerprint_mismatch',
          detail: `assets[${mismatch}].fingerprint is not the SHA-256 of its tracked state`,
        };
      }
      const { agentId, siteId, seq, type } = message;
      statements.insertMessage.run({ agentId, seq, siteId, type, at });
      if (signed) advanceSignedSeq(tx, message);
      recordUnsentSeqs(tx, message, at);
      touchSiteAndAgent(statements, siteId, agentId, seq, at);
      if (message.type === 'status') {
        const previousState = applyStatus(tx, message, at);
        governance?.afterStatus(tx, message, previousState, at);
      } else if (message.type === 'inventory') {
        const applied = applyInventory(tx, statements, message, prepared, at);
        governance?.afterInventory(tx, message, applied, at);
      } else {
        const eventId = applyDrift(tx, message, at);
        governance?.afterDriftEvent(tx, message, eventId);
      }
      return { status: 'accepted' };
    });
  }

  return {
    ingest(message, receivedAt = now(), ingestOptions = {}) {
      let outcome: IngestOutcome;
      try {
        outcome = store(message, isoUtc(receivedAt), ingestOptions.signed ?? false);
      } catch (error) {
        throw new PlantwatchError(
          'internal',
          `cannot store ${message.type} message ${message.agentId}#${message.seq}`,
          { cause: error },
        );
      }
      if (outcome.status === 'accepted') {
        counters.accepted += 1;
        options.afterCommit?.();
      } else if (outcome.status === 'duplicate') counters.duplicates += 1;
      else recordRejected(outcome.reason);
      return outcome;
    },
    recordRejected,
    stats() {
      return {
        accepted: counters.accepted,
        duplicates: counters.duplicates,
        rejected: { ...counters.rejected },
      };
    },
  };
}

function prepareAsset(snapshot: PreparedAsset['snapshot']): PreparedAsset & { fingerprintMismatch: boolean } {
  if (snapshot.fingerprint === null) return { snapshot, trackedJson: null, fingerprintMismatch: false };
  // The console re-derives the fingerprint instead of trusting it: config_versions is addressed by
  // fingerprint, and a wrong one would file a configuration under another configuration's name.
  const trackedJson = canonicalJson(trackedState(snapshot));
  return { snapshot, trackedJson, fingerprintMismatch: sha256Hex(trackedJson) !== snapshot.fingerprint };
}
