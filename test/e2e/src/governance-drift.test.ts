import type { Agent } from '@plantwatch/agent';
import type { ConsoleHandle } from '@plantwatch/console';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAuth, getJson } from './support/http.ts';
import { agentConfig, sampleTarget, startAgent, startConsole } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

/** Drift governance on the working path: simulated PLC -> agent -> MQTT -> console baselines and decisions. */

interface DriftRecord {
  id: number;
  assetId: string | null;
  kind: string;
  class: string;
  state: string;
  ticket: string | null;
  changeWindowId: number | null;
  currentFingerprint: string | null;
  changes: { path: string; change: string; before: unknown; after: unknown }[];
}
interface Asset {
  fingerprint: string | null;
  lastPollAt: string;
  baseline: { fingerprint: string; source: string; establishedBy: string } | null;
}

async function send(baseUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: { 'Content-Type': 'application/json', ...apiAuth(baseUrl, 'e2e-reviewer') },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

describe('governance: baselines, approvals and change windows on a simulated PLC', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let press: ModbusSimulator;
  let console_: ConsoleHandle;
  let agent: Agent;
  const profile = plcProfile('press', 31);

  beforeAll(async () => {
    dir = await createTempDir('governance-drift');
    press = await startModbusSimulator(profile.options);
    console_ = await startConsole(dir.path);
    agent = startAgent(
      agentConfig({
        siteId: 'plant-g',
        agentId: 'gw-g',
        mqttUrl: console_.mqttUrl,
        dataDir: dir.path,
        targets: [await sampleTarget('press-01', press)],
      }),
    );
  });

  afterAll(async () => {
    await agent?.stop();
    await console_?.close();
    await press?.close();
    await dir?.remove();
  });

  const asset = () => getJson<Asset>(console_.httpUrl, '/api/v1/sites/plant-g/assets/press-01');
  const records = async () =>
    (
      await getJson<{ items: DriftRecord[] }>(
        console_.httpUrl,
        '/api/v1/drift-records?siteId=plant-g&assetId=press-01&kind=config',
      )
    ).items;
  /** Resolves after the agent has polled the press `count` more times (the console saw each poll). */
  const morePolls = async (count: number) => {
    let last = (await asset()).lastPollAt;
    for (let seen = 0; seen < count; seen += 1) {
      last = await waitFor(`poll ${seen + 1} of ${count}`, async () => {
        const at = (await asset()).lastPollAt;
        return at > last ? at : undefined;
      });
    }
  };

  it('takes the first snapshot as the baseline, set by system', async () => {
    const first = await waitFor('the press with a baseline', async () => {
      const detail = await asset().catch(() => undefined);
      return detail?.baseline ? detail : undefined;
    });
    expect(first.baseline).toMatchObject({
      fingerprint: first.fingerprint,
      source: 'initial',
      establishedBy: 'system',
    });
    expect(await records()).toEqual([]);
  });

  it('a change on the PLC opens a drift record; approving it with a ticket advances the baseline, and the same state raises nothing more', async () => {
    const before = profile.options.holdingRegisters?.[104] as number;
    press.setHoldingRegister(104, before + 5);
    const [record] = await waitFor('a drift record for the change', async () => {
      const items = await records();
      return items.length > 0 ? items : undefined;
    });
    expect(record).toMatchObject({ kind: 'config', class: 'config', state: 'open' });
    expect(record?.changes).toEqual([{ path: 'setpoints[4]', change: 'changed', before, after: before + 5 }]);

    const decided = (await send(console_.httpUrl, 'POST', `/api/v1/drift-records/${record?.id}/decision`, {
      decision: 'approve',
      ticket: 'CHG-1001',
      comment: 'speed raised for the new product',
    })) as DriftRecord;
    expect(decided).toMatchObject({ state: 'approved', ticket: 'CHG-1001' });
    expect((await asset()).baseline).toMatchObject({
      fingerprint: record?.currentFingerprint,
      source: 'approval',
      establishedBy: 'token:e2e-reviewer',
    });

    await morePolls(2);
    expect((await records()).map((item) => [item.id, item.state])).toEqual([[record?.id, 'approved']]);
  });

  it('a change inside a change window is planned, and confirming it uses the window ticket', async () => {
    const now = Date.now();
    const window = (await send(console_.httpUrl, 'POST', '/api/v1/change-windows', {
      siteId: 'plant-g',
      assetIds: ['press-01'],
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 10 * 60_000).toISOString(),
      ticket: 'CHG-2002',
      owner: 'OT maintenance',
      description: 'recipe update',
    })) as { id: number };
    const before = profile.options.holdingRegisters?.[105] as number;
    press.setHoldingRegister(105, before + 9);
    const planned = await waitFor('a planned drift record', async () =>
      (await records()).find((item) => item.state === 'planned'),
    );
    expect(planned).toMatchObject({ changeWindowId: window.id });
    expect(planned.changes).toEqual([{ path: 'setpoints[5]', change: 'changed', before, after: before + 9 }]);

    const confirmed = (await send(console_.httpUrl, 'POST', `/api/v1/drift-records/${planned.id}/decision`, {
      decision: 'approve',
      comment: 'done as planned',
    })) as DriftRecord;
    expect(confirmed).toMatchObject({ state: 'approved', ticket: 'CHG-2002' });
    expect(press.writeRequests()).toEqual([]);
  });
});
