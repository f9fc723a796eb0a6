import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sampleTarget } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';

const run = promisify(execFile);
const AGENT_BIN = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@plantwatch/agent/package.json')),
  'bin/plantwatch-agent.js',
);

async function agentCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [AGENT_BIN, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('plantwatch-agent command line, as a site technician runs it', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let plc: ModbusSimulator;
  let config: string;

  beforeAll(async () => {
    dir = await createTempDir('agent-cli');
    plc = await startModbusSimulator(plcProfile('boiler', 5).options);
    config = path.join(dir.path, 'agent.yaml');
    await writeFile(
      config,
      stringify({
        siteId: 'plant-a',
        agentId: 'gw-01',
        // Nothing listens here: scan must not need a broker.
        mqtt: { url: 'mqtt://127.0.0.1:9' },
        targets: [await sampleTarget('boiler-01', plc)],
      }),
    );
  });

  afterAll(async () => {
    await plc?.close();
    await dir?.remove();
  });

  it('scan --dry-run prints the exact requests and sends nothing', async () => {
    const result = await agentCli(['scan', '--config', config, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('FC 43/14 read device identification');
    expect(result.stdout).toContain('FC 3 read holding 100 x10 (setpoints)');
    expect(result.stdout).toContain('FC 4 read input 0 x10 (process)');
    expect(plc.requests).toEqual([]);
  });

  it('scan prints the inventory as a table, and as JSON with --json, using reads only', async () => {
    const table = await agentCli(['scan', '--config', config]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^TARGET\s+ADDRESS\s+STATUS/);
    expect(table.stdout).toContain('boiler-01');
    const json = await agentCli(['scan', '--config', config, '--json']);
    const [snapshot] = JSON.parse(json.stdout);
    expect(snapshot).toMatchObject({ assetId: 'boiler-01', poll: { ok: true } });
    expect(snapshot.identity.serial).toMatch(/-\d{4}-\d{7}$/);
    expect(plc.writeRequests()).toEqual([]);
    expect(plc.requests.length).toBeGreaterThan(0);
  });

  it('exits 1 when a target cannot be polled, and says why', async () => {
    const port = plc.port;
    const broken = path.join(dir.path, 'broken-target.yaml');
    await writeFile(
      broken,
      stringify({
        siteId: 'plant-a',
        agentId: 'gw-01',
        mqtt: { url: 'mqtt://127.0.0.1:9' },
        targets: [
          { id: 'gone', protocol: 'modbus', host: '127.0.0.1', port: port === 1 ? 2 : 1, timeoutMs: 500 },
        ],
      }),
    );
    const result = await agentCli(['scan', '--config', broken]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED');
    expect(result.stdout).toContain('cannot connect');
  });

  it('refuses a bad config with the failing path and exit code 2', async () => {
    const bad = path.join(dir.path, 'bad.yaml');
    await writeFile(
      bad,
      stringify({ siteId: 'plant/a', agentId: 'gw-01', mqtt: { url: 'nope' }, targets: [] }),
    );
    const result = await agentCli(['validate', '--config', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('siteId:');
    expect(result.stderr).toContain('mqtt.url:');
    expect(result.stderr).toContain('targets:');
  });

  it('prints help, and refuses unknown commands and options', async () => {
    const help = await agentCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('plantwatch-agent scan');
    expect((await agentCli(['frobnicate'])).code).toBe(2);
    expect((await agentCli(['scan', '--no-such-option'])).code).toBe(2);
  });
});
