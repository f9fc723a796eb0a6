import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_DEVICE, type OpcuaSimulator, startOpcuaSimulator } from '@plantwatch/simulators/opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTempDir } from './support/temp-dir.ts';

const run = promisify(execFile);
const AGENT_BIN = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@plantwatch/agent/package.json')),
  'bin/plantwatch-agent.js',
);
describe('plantwatch-agent with an OPC UA PLC, as a site technician runs it', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let plc: OpcuaSimulator;
  /** The CLI runs from elsewhere: relative paths in the config must resolve against the config file. */
  let cwd: string;
  const configFile = (name: string) => path.join(dir.path, name);

  async function agentCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [AGENT_BIN, ...args], { timeout: 30_000, cwd });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  async function writeConfig(name: string, target: Record<string, unknown>) {
    const base = {
      id: 'press-ua',
      protocol: 'opcua',
      host: plc.host,
      port: plc.port,
      timeoutMs: 3_000,
      pkiDir: 'pki',
    };
    await writeFile(
      configFile(name),
      stringify({
        siteId: 'plant-a',
        agentId: 'gw-01',
        mqtt: { url: 'mqtt://127.0.0.1:9' },
        targets: [{ ...base, ...target }],
      }),
    );
    return configFile(name);
  }

  beforeAll(async () => {
    dir = await createTempDir('opcua-cli');
    cwd = path.join(dir.path, 'elsewhere');
    await mkdir(cwd);
    plc = await startOpcuaSimulator();
  }, 30_000);

  afterAll(async () => {
    await plc?.close();
    await dir?.remove();
  });

  it('scan --dry-run prints the requests and sends nothing', async () => {
    const config = await writeConfig('plain.yaml', { securityMode: 'none' });
    plc.clearRequests();
    const result = await agentCli(['scan', '--config', config, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`opcua GetEndpoints ${plc.endpointUrl} over None`);
    expect(result.stdout).toContain('opcua CloseSession');
    expect(plc.requests).toEqual([]);
  });

  it('scan reads the PLC over an unsecured channel, with reads only', async () => {
    const config = await writeConfig('plain.yaml', { securityMode: 'none' });
    const result = await agentCli(['scan', '--config', config, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const [snapshot] = JSON.parse(result.stdout);
    expect(snapshot).toMatchObject({
      assetId: 'press-ua',
      protocol: 'opcua',
      poll: { ok: true },
      identity: { vendor: DEFAULT_DEVICE.manufacturer, serial: DEFAULT_DEVICE.serialNumber },
    });
    expect(snapshot.poll.transcript.requests.at(-1)).toBe('opcua CloseSession');
    expect(plc.writeRequests()).toEqual([]);
  });

  it('refuses a secure channel to an unknown server until the technician trusts its certificate', async () => {
    const config = await writeConfig('secure.yaml', { securityMode: 'signAndEncrypt' });
    const refused = await agentCli(['scan', '--config', config, '--json']);
    expect(refused.code).toBe(1);
    const [failed] = JSON.parse(refused.stdout);
    expect(failed.poll.error.message).toContain(`plantwatch-agent opcua trust ${plc.certificateThumbprint}`);

    const listed = await agentCli(['opcua', 'certificates', '--config', config]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(path.join(dir.path, 'pki'));
    expect(listed.stdout).toMatch(new RegExp(`rejected +${plc.certificateThumbprint}`));

    const trusted = await agentCli(['opcua', 'trust', plc.certificateThumbprint, '--config', config]);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain(`trusted ${plc.certificateThumbprint}`);

    const scanned = await agentCli(['scan', '--config', config, '--json']);
    expect(scanned.code, scanned.stdout).toBe(0);
    expect(JSON.parse(scanned.stdout)[0].identity.model).toBe(DEFAULT_DEVICE.model);
    expect(plc.writeRequests()).toEqual([]);
  });
});
