import type { Agent } from '@plantwatch/agent';
import type { ConsoleHandle } from '@plantwatch/console';
import { agentTopic, buildTranscript } from '@plantwatch/protocol';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAuth, getJson } from './support/http.ts';
import { agentConfig, sampleTarget, startAgent, startConsole } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

interface DriftItem {
  assetId: string;
  siteId: string;
  agentId: string;
  changes: { path: string; change: string; before: unknown; after: unknown }[];
}
interface AssetDetail {
  identity: Record<string, string>;
  values: { path: string; class: string; value: unknown }[];
  fingerprint: string | null;
}
interface Health {
  ingest: { accepted: number; duplicates: number; rejected: Record<string, number> };
}

const READ_FUNCTION_CODES = new Set([1, 2, 3, 4, 43]);

describe('working path: simulated PLC -> read-only agent -> MQTT -> console', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let press: ModbusSimulator;
  let mixer: ModbusSimulator;
  let console_: ConsoleHandle;
  let agent: Agent;
  const pressProfile = plcProfile('press', 11);

  beforeAll(async () => {
    dir = await createTempDir('e2e');
    press = await startModbusSimulator(pressProfile.options);
    mixer = await startModbusSimulator(plcProfile('mixer', 12).options);
    console_ = await startConsole(dir.path);
    agent = startAgent(
      agentConfig({
        siteId: 'plant-a',
        agentId: 'gw-01',
        mqttUrl: console_.mqttUrl,
        dataDir: dir.path,
        targets: [await sampleTarget('press-01', press), await sampleTarget('mixer-01', mixer)],
      }),
    );
  });

  afterAll(async () => {
    await agent?.stop();
    await console_?.close();
    await press?.close();
    await mixer?.close();
    await dir?.remove();
  });

  const asset = (assetId: string) =>
    getJson<AssetDetail>(console_.httpUrl, `/api/v1/sites/plant-a/assets/${assetId}`);
  const drift = () =>
    getJson<{ items: DriftItem[]; total: number }>(console_.httpUrl, '/api/v1/drift?siteId=plant-a');

  it('inventories both PLCs in the console with identity and values', async () => {
    const detail = await waitFor('press-01 in the console', () => asset('press-01'));
    const ident = pressProfile.options.identification ?? {};
    expect(detail.identity).toMatchObject({ vendor: ident[0], model: ident[5] });
    expect(detail.identity.serial).toMatch(/^PRS-\d{4}-\d{7}$/);
    expect(detail.values.find((v) => v.path === 'setpoints[4]')?.value).toBe(
      pressProfile.options.holdingRegisters?.[104],
    );
    expect(detail.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    await waitFor('mixer-01 in the console', () => asset('mixer-01'));
    const sites = await getJson<{ items: { siteId: string; assetCount: number }[] }>(
      console_.httpUrl,
      '/api/v1/sites',
    );
    expect(sites.items).toEqual([expect.objectContaining({ siteId: 'plant-a', assetCount: 2 })]);
  });

  it('an unauthorized setpoint change reaches the console as drift with the exact path, before and after', async () => {
    const before = pressProfile.options.holdingRegisters?.[104] as number;
    press.setHoldingRegister(104, before + 17);
    const item = await waitFor('the drift event in the console', async () =>
      (await drift()).items.find((d) => d.assetId === 'press-01'),
    );
    expect(item).toMatchObject({ siteId: 'plant-a', agentId: 'gw-01' });
    expect(item.changes).toEqual([{ path: 'setpoints[4]', change: 'changed', before, after: before + 17 }]);
  });

  it('a moving process value (volatile) opens no drift', async () => {
    const driftBefore = (await drift()).total;
    mixer.setInputRegister(0, 4321);
    await waitFor('the new process value in the console', async () => {
      const detail = await asset('mixer-01');
      return detail.values.find((v) => v.path === 'process[0]')?.value === 4321 ? true : undefined;
    });
    expect((await drift()).total).toBe(driftBefore);
  });

  it('the PLCs received read requests only', () => {
    for (const simulator of [press, mixer]) {
      expect(simulator.requests.length).toBeGreaterThan(5);
      expect(simulator.writeRequests()).toEqual([]);
      expect(simulator.requests.filter((r) => !READ_FUNCTION_CODES.has(r.functionCode))).toEqual([]);
    }
  });

  it('rejects and counts a malformed payload and a forged site id, and keeps serving', async () => {
    const client = await connectAsync(console_.mqttUrl, { clientId: 'e2e-forger' });
    try {
      const [real] = (await asset('press-01')).values;
      const forgedInventory = (siteId: string) => ({
        v: 1,
        type: 'inventory',
        siteId,
        agentId: 'gw-01',
        seq: 999_999,
        sentAt: new Date().toISOString(),
        assets: [
          {
            assetId: 'press-01',
            protocol: 'modbus',
            host: '127.0.0.1',
            port: 502,
            identity: { vendor: 'Forged' },
            values: [real],
            fingerprint: 'f'.repeat(64),
            poll: {
              ok: true,
              startedAt: new Date().toISOString(),
              durationMs: 1,
              requestCount: 1,
              transcript: buildTranscript(['modbus unit 1 FC 3 read holding 100 x1']),
            },
          },
        ],
      });
      await client.publishAsync(agentTopic('plant-a', 'gw-01', 'inventory'), '{"v":1,"type":', { qos: 1 });
      // The payload claims another site than its topic.
      await client.publishAsync(
        agentTopic('plant-a', 'gw-01', 'inventory'),
        JSON.stringify(forgedInventory('plant-b')),
        { qos: 1 },
      );
      // Topic and payload agree, but gw-01 belongs to plant-a: it cannot speak for plant-b.
      await client.publishAsync(
        agentTopic('plant-b', 'gw-01', 'inventory'),
        JSON.stringify(forgedInventory('plant-b')),
        { qos: 1 },
      );
    } finally {
      await client.endAsync();
    }
    const health = await waitFor('three rejections counted', async () => {
      const h = await getJson<Health>(console_.httpUrl, '/api/v1/health');
      const r = h.ingest.rejected;
      return (r.not_json ?? 0) >= 1 && (r.topic_mismatch ?? 0) >= 1 && (r.agent_site_conflict ?? 0) >= 1
        ? h
        : undefined;
    });
    expect(health.ingest.accepted).toBeGreaterThan(0);
    const response = await fetch(`${console_.httpUrl}/api/v1/sites/plant-b`, {
      headers: apiAuth(console_.httpUrl),
    });
    expect(response.status).toBe(404);
    expect((await asset('press-01')).identity.vendor).not.toBe('Forged');
    const page = await fetch(console_.httpUrl, { headers: apiAuth(console_.httpUrl) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('plant-a');
  });
});
