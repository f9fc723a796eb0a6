import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agent } from '@plantwatch/agent';
import type { ConsoleHandle } from '@plantwatch/console';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAuth, getJson } from './support/http.ts';
import { agentConfig, sampleTarget, startAgent, startConsole } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

/** History and audit on the working path: as-of answers from real polls, and a tampered audit log caught by the CLI. */

const CONSOLE_BIN = fileURLToPath(
  new URL('bin/plantwatch-console.js', import.meta.resolve('@plantwatch/console/package.json')),
);
const TICKET = 'CHG-3003';

interface Version {
  fingerprint: string;
  observedAt: string;
}
interface AsOf {
  fingerprint: string;
  observedAt: string;
  state: Record<string, unknown>;
}

function auditVerify(dataDir: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [CONSOLE_BIN, 'audit', 'verify', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout })));
}

describe('governance: history, as-of queries and the audit chain', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let press: ModbusSimulator;
  let console_: ConsoleHandle | undefined;
  let agent: Agent | undefined;
  const profile = plcProfile('press', 41);
  const original = profile.options.holdingRegisters?.[104] as number;
  const consoleDir = () => path.join(dir.path, 'console');

  beforeAll(async () => {
    dir = await createTempDir('governance-audit');
    press = await startModbusSimulator(profile.options);
    console_ = await startConsole(dir.path);
    agent = startAgent(
      agentConfig({
        siteId: 'plant-h',
        agentId: 'gw-h',
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

  const url = () => console_?.httpUrl ?? '';
  const versions = async () =>
    (await getJson<{ items: Version[] }>(url(), '/api/v1/sites/plant-h/assets/press-01/history')).items;

  it('answers what the configuration was before and after a change, and what changed at the site', async () => {
    const [initial] = await waitFor('the first configuration', async () => {
      const items = await versions().catch(() => []);
      return items.length === 1 ? items : undefined;
    });
    press.setHoldingRegister(104, original + 21);
    const [changed] = await waitFor('the changed configuration', async () => {
      const items = await versions();
      return items.length === 2 ? items : undefined;
    });
    if (!initial || !changed) throw new Error('no versions');

    const asOf = (at: string) =>
      getJson<AsOf>(url(), `/api/v1/sites/plant-h/assets/press-01/config?at=${encodeURIComponent(at)}`);
    const justBefore = new Date(Date.parse(changed.observedAt) - 1).toISOString();
    expect(await asOf(justBefore)).toMatchObject({
      fingerprint: initial.fingerprint,
      state: { 'setpoints[4]': original },
    });
    expect(await asOf(changed.observedAt)).toMatchObject({
      fingerprint: changed.fingerprint,
      state: { 'setpoints[4]': original + 21 },
    });
    expect((await asOf(new Date().toISOString())).fingerprint).toBe(changed.fingerprint);

    const site = await getJson<{ items: { assetId: string; changes: unknown[] }[] }>(
      url(),
      `/api/v1/sites/plant-h/changes?from=${encodeURIComponent(initial.observedAt)}`,
    );
    expect(site.items).toEqual([
      expect.objectContaining({
        assetId: 'press-01',
        changes: [{ path: 'setpoints[4]', change: 'changed', before: original, after: original + 21 }],
      }),
    ]);
  });

  it('records the decision in the audit log; audit verify passes, then fails once one row is tampered with', async () => {
    const { items } = await getJson<{ items: { id: number }[] }>(
      url(),
      '/api/v1/drift-records?siteId=plant-h&state=open',
    );
    const response = await fetch(new URL(`/api/v1/drift-records/${items[0]?.id}/decision`, url()), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...apiAuth(url(), 'e2e-auditor') },
      body: JSON.stringify({ decision: 'approve', ticket: TICKET, comment: 'raised for the winter recipe' }),
    });
    expect(response.status).toBe(200);
    const audit = await getJson<{ items: { actor: string; action: string }[] }>(
      url(),
      '/api/v1/audit?actor=token:e2e-auditor',
    );
    expect(audit.items).toMatchObject([{ action: 'drift.approved' }]);

    await agent?.stop();
    agent = undefined;
    await console_?.close();
    console_ = undefined;

    const intact = await auditVerify(consoleDir());
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^audit log intact: \d+ entries/);

    // Someone edits the database file directly: the ticket of the approval becomes another one.
    const file = path.join(consoleDir(), 'plantwatch.db');
    const bytes = await readFile(file);
    const needle = Buffer.from(TICKET);
    let edits = 0;
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      bytes[at + needle.length - 1] = '9'.charCodeAt(0);
      edits += 1;
    }
    expect(edits).toBeGreaterThan(0);
    await writeFile(file, bytes);

    const broken = await auditVerify(consoleDir());
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^audit log BROKEN at entry #\d+: its contents do not match its hash/);
  });
});
