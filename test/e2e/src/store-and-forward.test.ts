import { once } from 'node:events';
import path from 'node:path';
import type { Agent } from '@plantwatch/agent';
import type { ConsoleHandle } from '@plantwatch/console';
import { createConsole } from '@plantwatch/console';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, registerConsole } from './support/http.ts';
import { agentConfig, quietLogger, sampleTarget, startAgent } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

interface DriftItem {
  seq: number;
  assetId: string;
  changes: { path: string; before: unknown; after: unknown }[];
}

describe('nothing lost: a console outage with an agent restart in the middle of it', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('delivers every drift event detected during the outage exactly once, in order', async () => {
    const dir = await createTempDir('outage');
    cleanups.push(dir.remove);
    const profile = plcProfile('press', 21);
    const plc: ModbusSimulator = await startModbusSimulator(profile.options);
    cleanups.push(() => plc.close());
    const consoleAt = async (mqttPort: number) => {
      const handle = await createConsole({
        dataDir: path.join(dir.path, 'console'),
        http: { host: '127.0.0.1', port: 0 },
        mqtt: {
          mode: 'embedded',
          host: '127.0.0.1',
          port: mqttPort,
          allowAnonymousAgents: true,
          insecureTcp: true,
        },
        logger: quietLogger,
      });
      registerConsole(handle.httpUrl, path.join(dir.path, 'console'));
      return handle;
    };

    let console_: ConsoleHandle = await consoleAt(0);
    const mqttPort = Number(new URL(console_.mqttUrl).port);
    const config = agentConfig({
      siteId: 'plant-o',
      agentId: 'gw-o',
      mqttUrl: console_.mqttUrl,
      dataDir: dir.path,
      targets: [await sampleTarget('press-o', plc)],
    });
    let agent: Agent = startAgent(config);
    await waitFor('the press in the console', () =>
      getJson(console_.httpUrl, '/api/v1/sites/plant-o/assets/press-o'),
    );

    // The console (and its embedded broker) goes away.
    await console_.close();

    const original = profile.options.holdingRegisters?.[105] as number;
    const changes = [original + 1, original + 2, original + 3];
    const change = async (value: number) => {
      const detected = once(agent.events, 'drift');
      plc.setHoldingRegister(105, value);
      await detected;
    };
    await change(changes[0] as number);
    // The gateway reboots in the middle of the outage.
    await agent.stop();
    agent = startAgent(config);
    await change(changes[1] as number);
    await change(changes[2] as number);

    // The console comes back where agents expect it.
    console_ = await consoleAt(mqttPort);
    cleanups.push(
      () => agent.stop(),
      () => console_.close(),
    );
    const drift = await waitFor('three drift events after the outage', async () => {
      const { items } = await getJson<{ items: DriftItem[] }>(
        console_.httpUrl,
        '/api/v1/drift?siteId=plant-o&limit=50',
      );
      return items.length >= 3 ? items : undefined;
    });
    // Exactly once: duplicates from resending unacknowledged messages were ingested idempotently.
    expect(drift).toHaveLength(3);
    const bySeq = [...drift].sort((a, b) => a.seq - b.seq);
    expect(bySeq.map((d) => d.changes)).toEqual([
      [{ path: 'setpoints[5]', change: 'changed', before: original, after: changes[0] }],
      [{ path: 'setpoints[5]', change: 'changed', before: changes[0], after: changes[1] }],
      [{ path: 'setpoints[5]', change: 'changed', before: changes[1], after: changes[2] }],
    ]);
    const asset = await getJson<{ values: { path: string; value: unknown }[] }>(
      console_.httpUrl,
      '/api/v1/sites/plant-o/assets/press-o',
    );
    expect(asset.values.find((v) => v.path === 'setpoints[5]')?.value).toBe(changes[2]);
    expect(plc.writeRequests()).toEqual([]);
  });
});
