import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Agent, createAgent, enrollAgent, loadAgentConfig } from '@plantwatch/agent';
import { type ConsoleHandle, createConsole } from '@plantwatch/console';
import { forgetIngestedMessages } from '@plantwatch/console/testing';
import { agentTopic, signedPayload } from '@plantwatch/protocol';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { apiAuth, getJson, registerConsole } from './support/http.ts';
import { type Mosquitto, mosquittoPath, startMosquitto } from './support/mosquitto.ts';
import { quietLogger, sampleTarget } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

/**
 * Debian's mosquitto as the external broker, open to anyone (as a shared plant broker may be): the
 * console trusts no topic, only signatures. An enrolled agent signs everything; unsigned, forged
 * and replayed messages on its topics are refused and counted; and a console outage with an agent
 * restart in the middle loses nothing through mosquitto either.
 */
const binary = mosquittoPath();
const SITE = 'plant-s';
const AGENT = 'gw-s1';

interface Health {
  ingest: { accepted: number; duplicates: number; rejected: Record<string, number> };
}
interface DriftItem {
  seq: number;
  changes: { path: string; change: string; before: unknown; after: unknown }[];
}

const nextMessage = (client: MqttClient) =>
  new Promise<Buffer>((resolve) => client.once('message', (_topic, payload) => resolve(payload)));

describe('signed messages through an external broker (Debian mosquitto)', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let broker: Mosquitto;
  let plc: ModbusSimulator;
  let console_: ConsoleHandle;
  let agent: Agent | undefined;
  let configFile: string;
  const profile = plcProfile('press', 55);
  const consoleDir = () => path.join(dir.path, 'console');
  const startConsole = async () => {
    const handle = await createConsole({
      dataDir: consoleDir(),
      http: { host: '127.0.0.1', port: 0 },
      // No development flags: every agent must be enrolled and sign.
      mqtt: { mode: 'external', url: broker.url },
      logger: quietLogger,
    });
    registerConsole(handle.httpUrl, consoleDir());
    return handle;
  };
  const startAgentProcess = async () => {
    const started = createAgent(await loadAgentConfig(configFile), quietLogger);
    started.start();
    return started;
  };
  const health = () => getJson<Health>(console_.httpUrl, '/api/v1/health');
  const connect = async (): Promise<MqttClient> => {
    const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    client.on('error', () => {});
    return client;
  };

  beforeAll(async () => {
    expect(
      binary,
      'mosquitto is not installed: apt-get install -y mosquitto (or set MOSQUITTO_PATH)',
    ).toBeDefined();
    dir = await createTempDir('signed');
    broker = await startMosquitto(binary as string, dir.path);
    plc = await startModbusSimulator(profile.options);
    console_ = await startConsole();
    const response = await fetch(new URL('/api/v1/enrollment-tokens', console_.httpUrl), {
      method: 'POST',
      headers: { ...apiAuth(console_.httpUrl), 'Content-Type': 'application/json' },
      body: JSON.stringify({ siteId: SITE, owner: 'Line 5 OT team', purpose: 'press gateway' }),
    });
    expect(response.status).toBe(201);
    const { token } = (await response.json()) as { token: string };
    const stateDir = path.join(dir.path, 'agent');
    const enrolled = await enrollAgent({ consoleUrl: console_.httpUrl, token, stateDir, agentId: AGENT });
    // The external broker's URL, as the console knows it; no CA: mosquitto here speaks plain MQTT.
    expect(enrolled.response.mqtt.url).toBe(broker.url);
    configFile = path.join(dir.path, 'agent.yaml');
    await writeFile(
      configFile,
      stringify({
        dataDir: stateDir,
        identity: { dir: enrolled.identityDir },
        targets: [await sampleTarget('press-s', plc)],
      }),
    );
    agent = await startAgentProcess();
    await waitFor('the signed inventory in the console', () =>
      getJson(console_.httpUrl, `/api/v1/sites/${SITE}/assets/press-s`),
    );
  });
  afterAll(async () => {
    await agent?.stop();
    await console_?.close();
    await broker?.stop();
    await plc?.close();
    await dir?.remove();
  });

  it('refuses unsigned and forged messages on the agent topics, counting each', async () => {
    const before = (await health()).ingest.rejected;
    const forger = await connect();
    const drift = {
      v: 1,
      type: 'drift',
      siteId: SITE,
      agentId: AGENT,
      seq: 1_000_000,
      sentAt: new Date().toISOString(),
      assetId: 'press-s',
      detectedAt: new Date().toISOString(),
      previousFingerprint: 'a'.repeat(64),
      currentFingerprint: 'b'.repeat(64),
      changes: [{ path: 'setpoints[0]', change: 'changed', before: 1, after: 2 }],
    };
    const topic = agentTopic(SITE, AGENT, 'drift');
    await forger.publishAsync(topic, JSON.stringify(drift), { qos: 1 });
    const stranger = generateKeyPairSync('ed25519').privateKey;
    await forger.publishAsync(
      topic,
      signedPayload(drift, (bytes) => sign(null, bytes, stranger)),
      { qos: 1 },
    );
    // A real signed message of the agent, captured, with one value changed.
    const capture = await connect();
    await capture.subscribeAsync(agentTopic(SITE, AGENT, 'inventory'), { qos: 1 });
    const captured = await nextMessage(capture);
    await capture.endAsync(true);
    const tampered = JSON.parse(captured.toString()) as { seq: number; assets: { host: string }[] };
    tampered.seq += 500_000;
    await forger.publishAsync(agentTopic(SITE, AGENT, 'inventory'), JSON.stringify(tampered), { qos: 1 });
    await forger.endAsync();
    const rejected = await waitFor('three refusals', async () => {
      const now = (await health()).ingest.rejected;
      return (now.unsigned ?? 0) - (before.unsigned ?? 0) === 1 &&
        (now.forged ?? 0) - (before.forged ?? 0) === 2
        ? now
        : undefined;
    });
    expect(rejected).toMatchObject({
      unsigned: (before.unsigned ?? 0) + 1,
      forged: (before.forged ?? 0) + 2,
    });
    const records = await getJson<{ total: number }>(console_.httpUrl, `/api/v1/drift?siteId=${SITE}`);
    expect(records.total).toBe(0);
  });

  it('drops a redelivered message as a duplicate and refuses a replay of one it no longer remembers', async () => {
    const capture = await connect();
    await capture.subscribeAsync(agentTopic(SITE, AGENT, 'inventory'), { qos: 1 });
    const payload = await nextMessage(capture);
    await capture.endAsync(true);
    const { seq } = JSON.parse(payload.toString()) as { seq: number };
    await waitFor('the captured message ingested', async () => {
      const { ingest } = await health();
      return ingest.accepted > 0 ? true : undefined;
    });
    const replayer = await connect();
    const before = (await health()).ingest;
    await replayer.publishAsync(agentTopic(SITE, AGENT, 'inventory'), payload, { qos: 1 });
    await waitFor('a duplicate', async () =>
      (await health()).ingest.duplicates > before.duplicates ? true : undefined,
    );
    // Retention forgets it; the same bytes again would be stored twice.
    forgetIngestedMessages(consoleDir(), AGENT, [seq]);
    await replayer.publishAsync(agentTopic(SITE, AGENT, 'inventory'), payload, { qos: 1 });
    await replayer.endAsync();
    await waitFor('a replay refused', async () =>
      ((await health()).ingest.rejected.replayed ?? 0) === (before.rejected.replayed ?? 0) + 1
        ? true
        : undefined,
    );
    // Pages still serve.
    const page = await fetch(new URL('/agents', console_.httpUrl), {
      headers: { ...apiAuth(console_.httpUrl), Accept: 'text/html' },
    });
    expect(page.status).toBe(200);
  });

  it('loses nothing through mosquitto while the console is down and the agent restarts', async () => {
    await console_.close();
    const original = profile.options.holdingRegisters?.[105] as number;
    const values = [original + 1, original + 2, original + 3];
    const change = async (value: number) => {
      const detected = once((agent as Agent).events, 'drift');
      plc.setHoldingRegister(105, value);
      await detected;
    };
    await change(values[0] as number);
    await (agent as Agent).stop();
    agent = await startAgentProcess();
    await change(values[1] as number);
    await change(values[2] as number);

    console_ = await startConsole();
    const drift = await waitFor('three drift events after the outage', async () => {
      const { items } = await getJson<{ items: DriftItem[] }>(
        console_.httpUrl,
        `/api/v1/drift?siteId=${SITE}&limit=50`,
      );
      return items.length >= 3 ? items : undefined;
    });
    expect(drift).toHaveLength(3);
    expect([...drift].sort((a, b) => a.seq - b.seq).map((item) => item.changes)).toEqual([
      [{ path: 'setpoints[5]', change: 'changed', before: original, after: values[0] }],
      [{ path: 'setpoints[5]', change: 'changed', before: values[0], after: values[1] }],
      [{ path: 'setpoints[5]', change: 'changed', before: values[1], after: values[2] }],
    ]);
    // Every number the agent allocated arrived or was declared unsent, across the outage and the
    // restart: the only hole is the message the replay test made the console forget.
    const { items } = await getJson<{ items: { sequenceGaps: { missing: number; awaiting: number } }[] }>(
      console_.httpUrl,
      `/api/v1/agents?siteId=${SITE}`,
    );
    const gaps = items[0]?.sequenceGaps;
    expect((gaps?.missing ?? 0) + (gaps?.awaiting ?? 0)).toBe(1);
    expect(plc.writeRequests()).toEqual([]);
  });
});
