import { plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { describe, expect, it } from 'vitest';
import { getJson } from './support/http.ts';
import { type Mosquitto, mosquittoPath, startMosquitto } from './support/mosquitto.ts';
import { agentConfig, sampleTarget, startAgent, startConsole } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

// CI installs Debian's mosquitto (.ci/run). Elsewhere a missing mosquitto fails this test too,
// with the command that installs it: a skipped test would look like a passing one.
const binary = mosquittoPath();

describe('the console with an external broker (Debian mosquitto)', () => {
  it('receives inventory and drift through mosquitto', async () => {
    expect(
      binary,
      'mosquitto is not installed: apt-get install -y mosquitto (or set MOSQUITTO_PATH)',
    ).toBeDefined();
    const dir = await createTempDir('mosquitto');
    const plc = await startModbusSimulator(plcProfile('conveyor', 3).options);
    let broker: Mosquitto | undefined;
    try {
      broker = await startMosquitto(binary as string, dir.path);
      const console_ = await startConsole(dir.path, broker.url);
      const agent = startAgent(
        agentConfig({
          siteId: 'plant-m',
          agentId: 'gw-m',
          mqttUrl: broker.url,
          dataDir: dir.path,
          targets: [await sampleTarget('conveyor-01', plc)],
        }),
      );
      try {
        await waitFor('conveyor-01 in the console', () =>
          getJson(console_.httpUrl, '/api/v1/sites/plant-m/assets/conveyor-01'),
        );
        plc.setHoldingRegister(100, 4242);
        const drift = await waitFor('drift through mosquitto', async () => {
          const { items } = await getJson<{ items: { changes: { path: string; after: unknown }[] }[] }>(
            console_.httpUrl,
            '/api/v1/drift?siteId=plant-m',
          );
          return items[0];
        });
        expect(drift.changes).toEqual([expect.objectContaining({ path: 'setpoints[0]', after: 4242 })]);
        const agents = await getJson<{ items: { agentId: string; state: string }[] }>(
          console_.httpUrl,
          '/api/v1/agents?siteId=plant-m',
        );
        expect(agents.items).toEqual([expect.objectContaining({ agentId: 'gw-m', state: 'online' })]);
        expect(plc.writeRequests()).toEqual([]);
      } finally {
        await agent.stop();
        await console_.close();
      }
    } finally {
      await broker?.stop();
      await plc.close();
      await dir.remove();
    }
  });
});
