import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { agentTopic } from '@plantwatch/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAuth, getJson } from './support/http.ts';
import { type ConsoleProcess, startConsoleProcess } from './support/processes.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

/**
 * The real console process, its broker over TLS, and a flood of hostile payloads: 10,000 randomly
 * malformed messages (a seeded generator, so a failure can be replayed) and an oversized packet.
 * Each is refused and counted, nothing is stored, and the console keeps serving its pages.
 */
const COUNT = 10_000;
const SEED = 0x5eed_2026;

interface Health {
  ingest: { accepted: number; rejected: Record<string, number> };
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function malformedPayloads(seed: number, count: number): Buffer[] {
  const random = prng(seed);
  const int = (max: number) => Math.floor(random() * max);
  const valid = () => ({
    v: 1,
    type: 'inventory',
    siteId: 'plant-h',
    agentId: 'gw-h',
    seq: int(1_000_000),
    sentAt: new Date(0).toISOString(),
    assets: [
      { assetId: 'press-h', protocol: 'modbus', host: '10.0.0.1', port: 502, identity: {}, values: [] },
    ],
  });
  const kinds: (() => Buffer)[] = [
    () => Buffer.from(Array.from({ length: 1 + int(300) }, () => int(256))),
    () => Buffer.from(JSON.stringify(valid()).slice(0, 1 + int(120))),
    () => Buffer.from(JSON.stringify({ ...valid(), seq: ['x', -1, 1.5, null, 2 ** 60][int(5)] })),
    () => Buffer.from(JSON.stringify({ ...valid(), siteId: 'plant-other' })),
    () => Buffer.from(JSON.stringify({ ...valid(), v: int(5) + 2 })),
    () => Buffer.from(`${'['.repeat(1 + int(5_000))}1`),
    () =>
      Buffer.from(
        JSON.stringify({ ...valid(), assets: [{ assetId: '../../etc', host: 'x'.repeat(int(2_000)) }] }),
      ),
    () => Buffer.from(JSON.stringify([null, true, int(10), 'status'][int(4)])),
    () => Buffer.from(JSON.stringify({ ...valid(), type: 'drift' })),
    () => Buffer.from(''),
  ];
  return Array.from({ length: count }, () => (kinds[int(kinds.length)] as () => Buffer)());
}

describe('hostile payloads against the embedded broker over TLS', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let console_: ConsoleProcess;
  let ca: string;
  const health = () => getJson<Health>(console_.httpUrl, '/api/v1/health');
  const connect = async (clientId: string): Promise<MqttClient> => {
    const client = await mqtt.connectAsync(console_.mqttUrl, { clientId, ca: [ca], reconnectPeriod: 0 });
    client.on('error', () => {});
    return client;
  };

  beforeAll(async () => {
    dir = await createTempDir('hostile');
    // Anonymous publishers (development mode), so that the payloads reach the decoder.
    console_ = await startConsoleProcess(path.join(dir.path, 'console'), ['--allow-anonymous-agents']);
    ca = await readFile(path.join(dir.path, 'console', 'tls', 'ca.pem'), 'utf8');
  });
  afterAll(async () => {
    await console_?.stop();
    await dir?.remove();
  });

  it(`refuses and counts ${COUNT.toLocaleString('en')} randomly malformed payloads, and keeps serving`, async () => {
    const started = Date.now();
    const payloads = malformedPayloads(SEED, COUNT);
    const types = ['status', 'inventory', 'drift'] as const;
    // Within each connection's burst (1,000) of the per-client rate limit.
    for (let offset = 0; offset < COUNT; offset += 1_000) {
      const client = await connect(`fuzz-${offset}`);
      const batch = payloads.slice(offset, offset + 1_000);
      await Promise.all(
        batch.map((payload, index) =>
          client.publishAsync(agentTopic('plant-h', 'gw-h', types[index % 3] as 'status'), payload, {
            qos: 1,
          }),
        ),
      );
      await client.endAsync();
    }
    const counts = await waitFor('every payload counted', async () => {
      const { ingest } = await health();
      const refused = Object.values(ingest.rejected).reduce((sum, n) => sum + n, 0);
      return refused >= COUNT ? ingest : undefined;
    });
    expect(counts.accepted).toBe(0);
    expect(Object.values(counts.rejected).reduce((sum, n) => sum + n, 0)).toBe(COUNT);
    expect(Object.keys(counts.rejected).sort()).toEqual(
      expect.arrayContaining(['invalid_schema', 'not_json']),
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    const page = await fetch(new URL('/agents', console_.httpUrl), {
      headers: { ...apiAuth(console_.httpUrl), Accept: 'text/html' },
    });
    expect(page.status).toBe(200);
  }, 120_000);

  it('cuts off an oversized packet at its header and counts it', async () => {
    const before = (await health()).ingest.rejected.too_large ?? 0;
    const client = await connect('oversized');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(agentTopic('plant-h', 'gw-h', 'inventory'), Buffer.alloc(3 * 1_048_576, 0x7b), { qos: 1 });
    await closed;
    await waitFor('the oversized packet counted', async () =>
      ((await health()).ingest.rejected.too_large ?? 0) > before ? true : undefined,
    );
    expect((await fetch(new URL('/api/v1/health', console_.httpUrl))).status).toBe(200);
  });
});
