import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AgentMessage, TrackedState } from '@plantwatch/protocol';
import Database from 'better-sqlite3';
import { enforceOutboxBounds, type OutboxBounds, type OutboxStats, outboxStats } from './outbox-bounds.ts';
import { STORE_SCHEMA } from './store-schema.ts';

/**
 * Everything the agent must not lose, in one SQLite file (`dataDir/agent.db`):
 *
 * - the last message sequence number, so numbers never repeat across restarts (the console ingests
 *   by `(agentId, seq)` and would drop a reused number as a duplicate);
 * - the last tracked state of every asset, so drift that happens while the agent is down is still
 *   detected at the next poll;
 * - the outbox: every inventory snapshot and drift event is written here before it is sent, and
 *   removed only when the broker has acknowledged it (QoS 1).
 *
 * A poll's outcome (new asset state plus its messages) is one transaction: after a crash or power
 * loss the agent either still has the old state and no messages, or the new state and all of them.
 * WAL with synchronous=FULL makes a committed transaction survive power loss, which gateways see.
 */
export interface AssetMemory {
  fingerprint: string;
  state: TrackedState;
  observedAt: string;
}

export interface QueuedMessage {
  seq: number;
  type: AgentMessage['type'];
  topic: string;
  payload: string;
}

export type MessageDraft = { topic: string; build: (seq: number) => AgentMessage };

export interface AgentStore {
  lastAsset(assetId: string): AssetMemory | undefined;
  /** In one transaction: remembers the asset's new state (if given) and queues the messages. */
  record(change: {
    asset?: { assetId: string; memory: AssetMemory };
    messages: MessageDraft[];
  }): QueuedMessage[];
  /** A sequence number for a message that is not queued (status). */
  nextSeq(): number;
  /**
   * Two consecutive numbers for the next connection: its will, and the `online` status sent when it
   * is accepted. Both are remembered as unsent until the console has been told (`unsentSeqs` of a
   * later status) or the status went out: a will is published only if the connection breaks, so
   * most will numbers never reach the console, and it must not take them for a gap.
   */
  nextWillSeq(): { will: number; online: number };
  /** Numbers not yet declared to the console, oldest first (at most 16). */
  unsentWills(): number[];
  /** Called once a status declaring these numbers has been acknowledged. */
  forgetWills(seqs: readonly number[]): void;
  /** Queued messages with a sequence number above `afterSeq`, oldest first. */
  pending(afterSeq: number, limit: number): QueuedMessage[];
  acknowledge(seq: number): void;
  stats(): OutboxStats;
  close(): void;
}

export function openAgentStore(
  dataDir: string,
  bounds: OutboxBounds,
  now: () => number = Date.now,
  /** How a message becomes its payload: JSON, signed when the agent is enrolled. */
  serialize: (message: AgentMessage) => string = JSON.stringify,
): AgentStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'agent.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(STORE_SCHEMA);

  const readSeq = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'seq'");
  const writeSeq = db.prepare<[string]>(
    "INSERT INTO meta (key, value) VALUES ('seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const readAsset = db.prepare<[string], { fingerprint: string; state: string; observed_at: string }>(
    'SELECT fingerprint, state, observed_at FROM assets WHERE asset_id = ?',
  );
  const writeAsset = db.prepare<[string, string, string, string]>(
    'INSERT INTO assets (asset_id, fingerprint, state, observed_at) VALUES (?, ?, ?, ?) ON CONFLICT (asset_id) DO UPDATE SET fingerprint = excluded.fingerprint, state = excluded.state, observed_at = excluded.observed_at',
  );
  const enqueue = db.prepare<[number, string, string, string, number, number]>(
    'INSERT INTO outbox (seq, type, topic, payload, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectPending = db.prepare<[number, number], QueuedMessage>(
    'SELECT seq, type, topic, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const deleteMessage = db.prepare<[number]>('DELETE FROM outbox WHERE seq = ?');

  const allocate = (): number => {
    const seq = Number(readSeq.get()?.value ?? '0') + 1;
    writeSeq.run(String(seq));
    return seq;
  };

  const readWills = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'unsent_wills'");
  const writeWills = db.prepare<[string]>(
    "INSERT INTO meta (key, value) VALUES ('unsent_wills', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const unsentWills = (): number[] => JSON.parse(readWills.get()?.value ?? '[]') as number[];
  const nextWillSeq = db.transaction(() => {
    const will = allocate();
    const online = allocate();
    // Bounded like the protocol field: after 16 undeclared numbers the oldest is a gap for good.
    writeWills.run(JSON.stringify([...unsentWills(), will, online].slice(-16)));
    return { will, online };
  });
  const forgetWills = db.transaction((seqs: readonly number[]) => {
    writeWills.run(JSON.stringify(unsentWills().filter((seq) => !seqs.includes(seq))));
  });

  const record = db.transaction((change: Parameters<AgentStore['record']>[0]): QueuedMessage[] => {
    if (change.asset) {
      const { assetId, memory } = change.asset;
      writeAsset.run(assetId, memory.fingerprint, JSON.stringify(memory.state), memory.observedAt);
    }
    const queued = change.messages.map(({ topic, build }) => {
      const message = build(allocate());
      const payload = serialize(message);
      enqueue.run(message.seq, message.type, topic, payload, Buffer.byteLength(payload), now());
      return { seq: message.seq, type: message.type, topic, payload };
    });
    enforceOutboxBounds(db, bounds, now());
    return queued;
  });

  return {
    lastAsset(assetId) {
      const row = readAsset.get(assetId);
      return (
        row && {
          fingerprint: row.fingerprint,
          state: JSON.parse(row.state) as TrackedState,
          observedAt: row.observed_at,
        }
      );
    },
    record: (change) => record.immediate(change),
    nextSeq: db.transaction(allocate).immediate,
    nextWillSeq: () => nextWillSeq.immediate(),
    unsentWills,
    forgetWills: (seqs) => forgetWills.immediate(seqs),
    pending: (afterSeq, limit) => selectPending.all(afterSeq, limit),
    acknowledge: (seq) => void deleteMessage.run(seq),
    stats: () => outboxStats(db, now()),
    close: () => db.close(),
  };
}
