import { agentTopic, LIMITS } from '@plantwatch/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from './accounts-command.ts';
import { type ConsoleHandle, createConsole } from './server.ts';
import { createMemoryLogger } from './testing/memory-logger.ts';
import { assetSnapshot, driftMessage, inventoryMessage, statusMessage } from './testing/messages.ts';
import { SEED_CHANGED_PRESS } from './testing/seed.ts';
import { createTempDir } from './testing/temp-dir.ts';
import { waitFor } from './testing/wait-for.ts';

/** End to end inside the console: a real broker, real MQTT clients, real HTTP, a real SQLite file. */

let temp: Awaited<ReturnType<typeof createTempDir>>;
let console_: ConsoleHandle;
let agent: MqttClient;
const memory = createMemoryLogger();

const start = () =>
  createConsole({
    dataDir: temp.dir,
    http: { host: '127.0.0.1', port: 0 },
    mqtt: { mode: 'embedded', host: '127.0.0.1', port: 0, allowAnonymousAgents: true },
    logger: memory.logger,
  });

/** The embedded broker speaks TLS with the console's local CA (made in the data dir at first start). */
const trustBroker = () => ({ ca: [console_.mqttCa?.certificate ?? ''] });

let token: string | undefined;
/** An admin API token, created once in the data dir (it survives the restart test). */
const auth = () => {
  token ??= issueApiToken(temp.dir, { name: 'server-test', role: 'admin' });
  return { Authorization: `Bearer ${token}` };
};

async function getJson(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${console_.httpUrl}${path}`, { headers: auth() });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function getHtml(path: string): Promise<string> {
  const response = await fetch(`${console_.httpUrl}${path}`, { headers: { Accept: 'text/html', ...auth() } });
  expect(response.status).toBe(200);
  return response.text();
}

const topic = (type: 'status' | 'inventory' | 'drift', siteId = 'plant-a', agentId = 'gw-01') =>
  agentTopic(siteId, agentId, type);

const publish = (type: 'status' | 'inventory' | 'drift', payload: unknown) =>
  agent.publishAsync(topic(type), typeof payload === 'string' ? payload : JSON.stringify(payload), {
    qos: 1,
  });

/** Waits until the console has counted `expected` (a subset of its ingest counters). */
const waitForStats = (expected: Record<string, unknown>) =>
  waitFor(
    () => {
      try {
        expect(console_.ingestStats()).toMatchObject(expected);
        return true;
      } catch {
        return undefined;
      }
    },
    { what: `ingest stats ${JSON.stringify(expected)}` },
  );

/** A client that the broker will disconnect: no reconnects, no retries. */
async function connectDisposable(clientId: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(console_.mqttUrl, {
    clientId,
    reconnectPeriod: 0,
    ...trustBroker(),
  });
  // Being cut off (ECONNRESET) is the expected outcome, not a test failure.
  client.on('error', () => {});
  return client;
}

beforeAll(async () => {
  temp = await createTempDir();
  console_ = await start();
  agent = await mqtt.connectAsync(console_.mqttUrl, {
    clientId: 'gw-01',
    reconnectPeriod: 0,
    ...trustBroker(),
  });
});

afterAll(async () => {
  await agent?.endAsync(true);
  await console_?.close();
  await temp?.remove();
});

describe('console end to end', () => {
  it('listens on the ports the OS chose', () => {
    expect(console_.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(console_.mqttUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    expect(console_.httpUrl).not.toBe('http://127.0.0.1:8080');
  });

  it('ingests status, inventory and drift published with QoS 1 and serves them', async () => {
    await publish('status', statusMessage({ seq: 1 }));
    await publish('inventory', inventoryMessage({ seq: 2 }));
    await publish('drift', driftMessage({ seq: 3 }));
    // The setpoint changes after the baseline: a console drift record.
    await publish('inventory', inventoryMessage({ seq: 4 }, [SEED_CHANGED_PRESS]));
    await waitForStats({ accepted: 4 });

    expect((await getJson('/api/v1/sites')).body).toMatchObject({
      items: [{ siteId: 'plant-a', assetCount: 1, agentsOnline: 1, agentsTotal: 1, openDrift: 1 }],
      total: 1,
    });
    expect((await getJson('/api/v1/sites/plant-a/assets/press-01')).body).toMatchObject({
      identity: { vendor: 'Acme' },
      drift: [
        { kind: 'config', state: 'open', changes: [{ path: 'setpoints[0]', before: 100, after: 140 }] },
      ],
      agentEvents: [{ seq: 3 }],
    });
    expect((await getJson('/api/v1/agents')).body).toMatchObject({
      items: [{ agentId: 'gw-01', lastSeq: 4 }],
    });
  });

  it('counts a redelivered message as a duplicate', async () => {
    await publish('inventory', inventoryMessage({ seq: 2 }));
    await waitForStats({ accepted: 4, duplicates: 1 });
  });

  it('rejects malformed, invalid and forged messages, counts each reason and keeps serving', async () => {
    const secret = 'SECRET-PAYLOAD-MARKER';
    await publish('inventory', `{"v":1,"note":"${secret}",`);
    await publish('inventory', { v: 1, type: 'inventory', siteId: 'plant-a', note: secret });
    await publish('inventory', inventoryMessage({ seq: 10, siteId: 'plant-b' }));
    const huge = assetSnapshot({ identity: { vendor: 'x'.repeat(100_000) } });
    await publish('inventory', inventoryMessage({ seq: 11 }, [huge]));
    await agent.publishAsync('plantwatch/v1/plant-a/gw-01/commands', '{}', { qos: 1 });

    await waitForStats({
      rejected: { not_json: 1, invalid_schema: 2, topic_mismatch: 1, bad_topic: 1 },
    });
    const { body } = await getJson('/api/v1/health');
    expect(body).toEqual({
      status: 'ok',
      ingest: {
        accepted: 4,
        duplicates: 1,
        rejected: { not_json: 1, invalid_schema: 2, topic_mismatch: 1, bad_topic: 1 },
      },
    });

    const warnings = memory.entries().filter((entry) => entry.msg === 'agent message rejected');
    expect(warnings).toHaveLength(5);
    for (const warning of warnings) {
      expect(warning).toMatchObject({ level: 40, topic: expect.any(String), reason: expect.any(String) });
    }
    expect(memory.lines.join('\n')).not.toContain(secret);
    expect(memory.lines.join('\n')).not.toContain('x'.repeat(300));
    expect(await getHtml('/')).toContain('plant-a');
  });

  it('stores hostile device strings as data and escapes them on the page', async () => {
    const hostile = assetSnapshot({
      assetId: 'plc-evil',
      identity: { vendor: '<script>alert(1)</script>', model: '"><img src=x onerror=alert(1)>' },
    });
    await publish('inventory', inventoryMessage({ seq: 12 }, [hostile]));
    await waitForStats({ accepted: 5 });

    expect((await getJson('/api/v1/sites/plant-a/assets/plc-evil')).body).toMatchObject({
      identity: { vendor: '<script>alert(1)</script>' },
    });
    const html = await getHtml('/sites/plant-a/assets/plc-evil');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(await getHtml('/sites/plant-a')).not.toContain('<script>alert');
  });

  it('refuses publishes outside plantwatch/v1/ at the broker', async () => {
    const intruder = await connectDisposable('intruder-1');
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish('factory/commands/stop', 'now', { qos: 0 });
    await closed;
    await waitForStats({ rejected: { bad_topic: 2 } });
    await intruder.endAsync(true);
  });

  it('refuses a packet over the size limit at the broker before buffering it', async () => {
    const intruder = await connectDisposable('intruder-2');
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish(topic('inventory'), Buffer.alloc(LIMITS.messageBytes + 100_000, 0x20), { qos: 0 });
    await closed;
    await waitForStats({ rejected: { too_large: 1 } });
    await intruder.endAsync(true);
    // The console and its ingest client are unaffected.
    await publish('status', statusMessage({ seq: 13 }));
    await waitForStats({ accepted: 6 });
  });

  it('keeps its data across a restart on the same data dir', async () => {
    await agent.endAsync(true);
    await console_.close();
    await console_.close(); // idempotent

    console_ = await start();
    agent = await mqtt.connectAsync(console_.mqttUrl, {
      clientId: 'gw-01',
      reconnectPeriod: 0,
      ...trustBroker(),
    });
    expect(console_.ingestStats()).toEqual({ accepted: 0, duplicates: 0, rejected: {} });
    expect((await getJson('/api/v1/sites')).body).toMatchObject({
      items: [{ siteId: 'plant-a', assetCount: 2 }],
    });
    expect((await getJson('/api/v1/drift')).body).toMatchObject({ total: 1 });

    // Sequence numbers are remembered too: an old message is still a duplicate.
    await publish('drift', driftMessage({ seq: 3 }));
    await waitForStats({ duplicates: 1 });
  });
});
