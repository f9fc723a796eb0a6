import type { AssetSnapshot, DriftMessage, InventoryMessage, StatusMessage } from '@plantwatch/protocol';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { agents, assets, assetVersions, driftEvents } from '../db/schema/index.ts';
import type { AgentState } from '../states.ts';
import type { IngestStatements } from './ingest-statements.ts';
import { isoUtc } from './time.ts';

export type { Tx };

/** An asset snapshot with the canonical JSON of its tracked state, computed once before writing. */
export interface PreparedAsset {
  snapshot: AssetSnapshot;
  /** Canonical JSON of the tracked state; null when the poll failed. */
  trackedJson: string | null;
}

export function touchSiteAndAgent(
  statements: IngestStatements,
  siteId: string,
  agentId: string,
  seq: number,
  at: string,
): void {
  statements.touchSite.run({ siteId, at });
  statements.touchAgent.run({ agentId, siteId, seq, at });
}

/**
 * Status messages apply in arrival order: the agent's will message is built before later messages.
 * Returns the agent's state before this message. `at` is when the message was received.
 */
export function applyStatus(tx: Tx, message: StatusMessage, at: string): AgentState | undefined {
  const previous = tx
    .select({ state: agents.state, lastSeq: agents.lastSeq })
    .from(agents)
    .where(eq(agents.agentId, message.agentId))
    .get();
  tx.update(agents)
    .set({
      state: message.state,
      agentVersion: message.agentVersion,
      startedAt: isoUtc(message.startedAt),
      targetCount: message.targetCount,
      ...statusFigures(message, at, previous?.lastSeq),
    })
    .where(eq(agents.agentId, message.agentId))
    .run();
  return previous?.state;
}

/**
 * Outbox figures and clock skew, when this status is current. An `online` status is sent as it is
 * built. An `offline` one is either a clean shutdown (sent last, current) or the will message the
 * broker publishes for a vanished agent, built at its last connect: older than the messages after
 * it, so its figures and send time are stale and it changes nothing here.
 */
function statusFigures(message: StatusMessage, at: string, lastSeq: number | undefined) {
  // touchAgent has already raised last_seq to this message's when it is the newest.
  if (message.state === 'offline' && lastSeq !== undefined && message.seq < lastSeq) return {};
  const outbox = message.outbox;
  return {
    lastStatusAt: at,
    // Only a live status says what the agent's clock read when it was sent.
    ...(message.state === 'online'
      ? { clockSkewMs: Math.round(Date.parse(message.sentAt) - Date.parse(at)) }
      : {}),
    outboxDepth: outbox?.depth ?? null,
    outboxBytes: outbox?.bytes ?? null,
    outboxOldestAgeMs: outbox?.oldestAgeMs ?? null,
    outboxDropped: outbox === undefined ? null : outbox.dropped.inventory + outbox.dropped.drift,
  };
}

/** Returns the id of the stored event. */
export function applyDrift(tx: Tx, message: DriftMessage, at: string): number {
  return tx
    .insert(driftEvents)
    .values({
      siteId: message.siteId,
      agentId: message.agentId,
      assetId: message.assetId,
      seq: message.seq,
      detectedAt: isoUtc(message.detectedAt),
      receivedAt: at,
      previousFingerprint: message.previousFingerprint,
      currentFingerprint: message.currentFingerprint,
      state: 'open',
      changes: message.changes,
    })
    .returning({ id: driftEvents.id })
    .get().id;
}

/** What storing one snapshot did, for the governance checks that follow in the same transaction. */
export interface AppliedAsset {
  prepared: PreparedAsset;
  /** The asset was not known before this snapshot. */
  isNew: boolean;
  /** Failed polls in a row after this snapshot (0 when it succeeded), and before it. */
  consecutiveFailures: number;
  previousFailures: number;
  /** The asset's configuration before this snapshot (null: unknown). */
  previousFingerprint: string | null;
}

/** Applies each snapshot; returns those applied (an older snapshot arriving late is skipped). */
export function applyInventory(
  tx: Tx,
  statements: IngestStatements,
  message: InventoryMessage,
  prepared: readonly PreparedAsset[],
  at: string,
): AppliedAsset[] {
  const applied: AppliedAsset[] = [];
  for (const asset of prepared) {
    const result = applyAsset(tx, statements, message, asset, at);
    if (result) applied.push(result);
  }
  return applied;
}

function applyAsset(
  tx: Tx,
  statements: IngestStatements,
  message: InventoryMessage,
  prepared: PreparedAsset,
  at: string,
): AppliedAsset | undefined {
  const { snapshot, trackedJson } = prepared;
  const key = and(eq(assets.siteId, message.siteId), eq(assets.assetId, snapshot.assetId));
  const current = statements.currentAsset.get({ siteId: message.siteId, assetId: snapshot.assetId });
  // QoS 1 redelivery can bring an older snapshot after a newer one: it must not roll the asset back.
  if (current && current.agentId === message.agentId && current.lastSeq > message.seq) return undefined;
  const previousFailures = current?.consecutiveFailures ?? 0;

  const poll = {
    agentId: message.agentId,
    poll: snapshot.poll,
    pollOk: snapshot.poll.ok,
    lastPollAt: isoUtc(snapshot.poll.startedAt),
    lastSeq: message.seq,
    updatedAt: at,
  };
  const newRow = { siteId: message.siteId, assetId: snapshot.assetId, firstSeenAt: at };
  const connection = {
    protocol: snapshot.protocol,
    host: snapshot.host,
    port: snapshot.port,
    unitId: snapshot.unitId ?? null,
  };
  const result = {
    prepared,
    isNew: !current,
    previousFailures,
    previousFingerprint: current?.fingerprint ?? null,
  };
  if (snapshot.fingerprint === null || trackedJson === null) {
    // A failed poll says nothing about the configuration: keep the last known values.
    const consecutiveFailures = snapshot.poll.ok ? 0 : previousFailures + 1;
    if (current) {
      tx.update(assets)
        .set({ ...poll, consecutiveFailures, ...(snapshot.poll.ok ? { lastOkAt: poll.lastPollAt } : {}) })
        .where(key)
        .run();
    } else {
      tx.insert(assets)
        .values({
          ...newRow,
          ...connection,
          identity: {},
          values: [],
          ...poll,
          consecutiveFailures,
          lastOkAt: snapshot.poll.ok ? poll.lastPollAt : null,
        })
        .run();
    }
    return { ...result, consecutiveFailures };
  }

  statements.insertConfigVersion.run({ fingerprint: snapshot.fingerprint, state: trackedJson, at });
  const observed = {
    ...connection,
    identity: snapshot.identity,
    values: snapshot.values,
    fingerprint: snapshot.fingerprint,
    ...poll,
    consecutiveFailures: 0,
  };
  const assetKey = { siteId: message.siteId, assetId: snapshot.assetId };
  if (
    current &&
    current.fingerprint === snapshot.fingerprint &&
    current.protocol === snapshot.protocol &&
    current.host === snapshot.host
  ) {
    // Same fingerprint, same identity (every identity field is tracked).
    statements.updatePolledAsset.run({ ...observed, ...assetKey });
  } else if (current) {
    statements.updateObservedAsset.run({ ...observed, ...assetKey });
  } else {
    tx.insert(assets)
      .values({ ...newRow, ...observed, lastOkAt: poll.lastPollAt })
      .run();
  }
  if (current?.fingerprint !== snapshot.fingerprint) {
    tx.insert(assetVersions)
      .values({
        siteId: message.siteId,
        assetId: snapshot.assetId,
        fingerprint: snapshot.fingerprint,
        agentId: message.agentId,
        seq: message.seq,
        observedAt: poll.lastPollAt,
        receivedAt: at,
      })
      .run();
  }
  return { ...result, consecutiveFailures: 0 };
}
