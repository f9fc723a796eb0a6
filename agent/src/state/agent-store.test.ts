import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AgentMessage, buildTranscript } from '@plantwatch/protocol';
import { describe, expect, it } from 'vitest';
import { type AgentStore, openAgentStore } from './agent-store.ts';

const bounds = { maxBytes: 1_000_000, maxInventoryAgeMs: 86_400_000, maxDriftAgeMs: 30 * 86_400_000 };
const tempDir = () => mkdtemp(path.join(tmpdir(), 'pw-agent-store-'));

function drift(seq: number): AgentMessage {
  return {
    v: 1,
    type: 'drift',
    siteId: 's',
    agentId: 'a',
    seq,
    sentAt: new Date(0).toISOString(),
    assetId: 'p',
    detectedAt: new Date(0).toISOString(),
    previousFingerprint: 'a'.repeat(64),
    currentFingerprint: 'b'.repeat(64),
    changes: [{ path: 'x', change: 'changed', before: 1, after: 2 }],
  };
}

function inventory(seq: number, padding = 0): AgentMessage {
  return {
    v: 1,
    type: 'inventory',
    siteId: 's',
    agentId: 'a',
    seq,
    sentAt: new Date(0).toISOString(),
    assets: [
      {
        assetId: 'p',
        protocol: 'modbus',
        host: 'h',
        port: 502,
        identity: { vendor: 'x'.repeat(padding) },
        values: [],
        fingerprint: null,
        poll: {
          ok: false,
          startedAt: new Date(0).toISOString(),
          durationMs: 0,
          requestCount: 0,
          transcript: buildTranscript([]),
        },
      },
    ],
  };
}

const queue = (store: AgentStore, ...builders: ((seq: number) => AgentMessage)[]) =>
  store.record({ messages: builders.map((build) => ({ topic: 't', build })) });

describe('agent store', () => {
  it('numbers messages in order, never reuses a number after a restart, and keeps unacknowledged ones', async () => {
    const dir = await tempDir();
    const first = openAgentStore(dir, bounds);
    expect(queue(first, inventory, drift).map((m) => m.seq)).toEqual([1, 2]);
    expect(first.nextSeq()).toBe(3);
    first.acknowledge(1);
    first.close();
    const again = openAgentStore(dir, bounds);
    expect(again.pending(0, 10).map((m) => [m.seq, m.type])).toEqual([[2, 'drift']]);
    expect(queue(again, inventory)[0]?.seq).toBe(4);
    expect(JSON.parse(again.pending(2, 10)[0]?.payload ?? '{}').seq).toBe(4);
    again.close();
  });

  it('remembers asset state in the same transaction as the messages it causes, across restarts', async () => {
    const dir = await tempDir();
    const store = openAgentStore(dir, bounds);
    const memory = {
      fingerprint: 'f'.repeat(64),
      state: { 'setpoints[0]': 5 },
      observedAt: new Date(0).toISOString(),
    };
    expect(() =>
      store.record({
        asset: { assetId: 'p', memory },
        messages: [
          {
            topic: 't',
            build: () => {
              throw new Error('building the message failed');
            },
          },
        ],
      }),
    ).toThrow('building the message failed');
    expect(store.lastAsset('p')).toBeUndefined();
    store.record({ asset: { assetId: 'p', memory }, messages: [{ topic: 't', build: drift }] });
    expect(store.lastAsset('p')).toEqual(memory);
    store.close();
    // A change made while the agent was stopped is compared with this state at the next poll.
    const reopened = openAgentStore(dir, bounds);
    expect(reopened.lastAsset('p')).toEqual(memory);
    reopened.close();
  });

  it('drops the oldest inventory snapshots first when full, keeps drift events, and counts what it dropped', async () => {
    let now = 0;
    const store = openAgentStore(await tempDir(), { ...bounds, maxBytes: 5_000 }, () => now);
    queue(store, drift);
    for (let i = 0; i < 10; i += 1) {
      now += 1;
      queue(store, (seq) => inventory(seq, 200));
    }
    queue(store, drift);
    const left = store.pending(0, 100);
    expect(left.filter((m) => m.type === 'drift').map((m) => m.seq)).toEqual([1, 12]);
    const inventories = left.filter((m) => m.type === 'inventory').map((m) => m.seq);
    expect(inventories.length).toBeLessThan(10);
    // What survives is the newest run of snapshots.
    expect(inventories).toEqual(
      Array.from({ length: inventories.length }, (_, i) => 11 - inventories.length + 1 + i),
    );
    const stats = store.stats();
    expect(stats.bytes).toBeLessThanOrEqual(5_000);
    expect(stats.dropped).toEqual({ inventory: 10 - inventories.length, drift: 0 });
    store.close();
  });

  it('drops drift events only when nothing else is left to drop, or past their own age', async () => {
    let now = 0;
    const store = openAgentStore(
      await tempDir(),
      { maxBytes: 600, maxInventoryAgeMs: 10, maxDriftAgeMs: 100 },
      () => now,
    );
    queue(store, drift, drift, drift);
    expect(store.stats().dropped.drift).toBeGreaterThan(0);
    expect(store.stats().bytes).toBeLessThanOrEqual(600);
    now = 101;
    queue(store, (seq) => inventory(seq));
    expect(store.pending(0, 10).map((m) => m.type)).toEqual(['inventory']);
    store.close();
  });
});
