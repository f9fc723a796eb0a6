import { once } from 'node:events';
import {
  type AssetSnapshot,
  agentTopic,
  buildTranscript,
  fingerprintState,
  type InventoryMessage,
  trackedState,
} from '@plantwatch/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './support/http.ts';
import { type ConsoleProcess, startConsoleProcess } from './support/processes.ts';
import { createTempDir } from './support/temp-dir.ts';

/**
 * Crash safety of the embedded broker: the real console binary is killed with SIGKILL while an
 * agent-like publisher streams QoS 1 messages; after a restart on the same data dir, every message
 * the publisher got a PUBACK for (and so would have deleted from its outbox) must be stored.
 */

const SITE_ID = 'plant-crash';
const AGENT_ID = 'gw-crash';
/** Publishes awaiting their PUBACK at once, like an agent draining a full outbox. */
const IN_FLIGHT = 64;
/** Acknowledged messages before the kill: enough for the console to be busy ingesting. */
const ACKED_BEFORE_KILL = 400;

/** Development mode: this test's publishers are not enrolled and speak plain MQTT. */
const startConsole = (dataDir: string) =>
  startConsoleProcess(dataDir, ['--allow-anonymous-agents', '--mqtt-insecure-tcp']);

const TRANSCRIPT = buildTranscript(['modbus unit 1 FC 3 read holding 100 x2']);

/** An inventory message whose one asset is named after its seq, so that each stored message shows. */
function inventoryMessage(seq: number): InventoryMessage {
  const base: AssetSnapshot = {
    assetId: `plc-${seq}`,
    protocol: 'modbus',
    host: '10.0.0.5',
    port: 502,
    unitId: 1,
    identity: { vendor: 'Acme', model: 'X1', firmware: '2.4.1' },
    values: [{ path: 'setpoints[0]', class: 'config', value: seq, unit: 'rpm' }],
    fingerprint: null,
    poll: {
      ok: true,
      startedAt: '2026-11-22T10:00:00.000Z',
      durationMs: 12,
      requestCount: 1,
      transcript: TRANSCRIPT,
    },
  };
  return {
    v: 1,
    type: 'inventory',
    siteId: SITE_ID,
    agentId: AGENT_ID,
    seq,
    sentAt: new Date().toISOString(),
    assets: [{ ...base, fingerprint: fingerprintState(trackedState(base)) }],
  };
}

/**
 * Publishes with increasing seq, IN_FLIGHT at a time, until the connection is gone. Calls
 * `onAcked` after each PUBACK; resolves with the seqs acknowledged.
 */
async function publishUntilCutOff(client: MqttClient, onAcked: (count: number) => void): Promise<number[]> {
  const acked: number[] = [];
  const topic = agentTopic(SITE_ID, AGENT_ID, 'inventory');
  let nextSeq = 1;
  let cutOff = false;
  client.once('close', () => {
    cutOff = true;
    // mqtt.js keeps unacknowledged publishes for a resend; ending the client fails them instead.
    client.end(true);
  });
  const worker = async () => {
    while (!cutOff) {
      const seq = nextSeq++;
      try {
        await client.publishAsync(topic, JSON.stringify(inventoryMessage(seq)), { qos: 1 });
      } catch {
        return;
      }
      acked.push(seq);
      onAcked(acked.length);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return acked;
}

async function storedAssetIds(httpUrl: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 500) {
    const site = await getJson<{ assets: { assetId: string }[] }>(
      httpUrl,
      `/api/v1/sites/${SITE_ID}?limit=500&offset=${offset}`,
    );
    for (const asset of site.assets) ids.add(asset.assetId);
    if (site.assets.length < 500) return ids;
  }
}

describe('console crash during ingest', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let console_: ConsoleProcess | undefined;

  beforeAll(async () => {
    dir = await createTempDir('console-crash');
  });

  afterAll(async () => {
    await console_?.stop('SIGTERM');
    await dir?.remove();
  });

  it('keeps every message acknowledged to the agent when SIGKILLed mid-stream', async () => {
    console_ = await startConsole(dir.path);
    const running = console_;
    // No reconnects and no resends: what was not acknowledged stays with the publisher.
    const publisher = await mqtt.connectAsync(running.mqttUrl, {
      clientId: AGENT_ID,
      reconnectPeriod: 0,
      resubscribe: false,
    });
    publisher.on('error', () => {});

    let killed = false;
    const acked = await publishUntilCutOff(publisher, (count) => {
      if (count >= ACKED_BEFORE_KILL && !killed) {
        killed = true;
        running.child.kill('SIGKILL');
      }
    });
    await publisher.endAsync(true);
    // The exit may already have happened (and its event fired) while the publisher noticed the cut.
    if (running.child.exitCode === null && running.child.signalCode === null)
      await once(running.child, 'exit');
    expect(killed).toBe(true);

    console_ = await startConsole(dir.path);
    const stored = await storedAssetIds(console_.httpUrl);
    const lost = acked.filter((seq) => !stored.has(`plc-${seq}`));
    expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);
    expect({ lost: lost.length, firstLost: lost.slice(0, 10) }, `of ${acked.length} acknowledged`).toEqual({
      lost: 0,
      firstLost: [],
    });
  });
});
