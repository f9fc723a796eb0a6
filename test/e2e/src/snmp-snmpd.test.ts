import { type ChildProcess, execFile, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { diffStates } from '@plantwatch/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The collector's test harness is test-only code and not exported by the agent package, so this
// suite imports the collector and the harness by path.
import { snmpCollector } from '../../../agent/src/collectors/snmp/index.ts';
import { poll, sampleTarget, valueAt } from '../../../agent/src/collectors/snmp/test-harness.ts';
import { createTempDir } from './support/temp-dir.ts';

/**
 * The SNMP collector against a third-party agent: Debian's snmpd (Net-SNMP 5.9) on a free
 * 127.0.0.1 port. CI installs it (.ci/run); anywhere else a missing snmpd fails this suite too,
 * with the command that installs it: a skipped test would look like a passing one.
 */
const COMMUNITY = 'plantwatch-ro';
const AUTH_PASSWORD = 'auth-pass-phrase-1';
const PRIV_PASSWORD = 'priv-pass-phrase-1';
const binary = [process.env.SNMPD_PATH, '/usr/sbin/snmpd'].find(
  (candidate) => candidate && existsSync(candidate),
);

interface Snmpd {
  host: string;
  port: number;
  stop(): Promise<void>;
}

let dir: Awaited<ReturnType<typeof createTempDir>> | undefined;
let snmpd: Snmpd | undefined;

beforeAll(async () => {
  expect(binary, 'snmpd is not installed: apt-get install -y snmpd (or set SNMPD_PATH)').toBeDefined();
  dir = await createTempDir('snmpd');
  snmpd = await startSnmpd(binary as string, dir.path);
});
afterAll(async () => {
  await snmpd?.stop();
  await dir?.remove();
});

function agent(): Snmpd {
  if (!snmpd) throw new Error('snmpd did not start');
  return snmpd;
}

describe("snmp collector against Debian's snmpd", () => {
  it('plantwatch-agent scan --json inventories snmpd as a site technician would run it', async () => {
    const config = path.join(dir?.path ?? '', 'agent.yaml');
    const target = await sampleTarget(agent(), { community: COMMUNITY, timeoutMs: 2_000 });
    await writeFile(
      config,
      JSON.stringify({
        siteId: 'plant-d',
        agentId: 'gw-d',
        mqtt: { url: 'mqtt://127.0.0.1:9' },
        targets: [target],
      }),
    );
    const agentBin = path.join(
      path.dirname(createRequire(import.meta.url).resolve('@plantwatch/agent/package.json')),
      'bin/plantwatch-agent.js',
    );
    // YAML is a superset of JSON: the config file is read as any agent.yaml would be.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [agentBin, 'scan', '--config', config, '--json'],
      {
        timeout: 30_000,
      },
    );
    const [snapshot] = JSON.parse(stdout);
    expect(snapshot.poll.ok).toBe(true);
    expect(snapshot.identity.vendor).toBe('Net-SNMP');
    expect(snapshot.values.find((v: { path: string }) => v.path === 'system.sysName')?.value).toBe(
      'snmpd-under-test',
    );
  });

  it('v2c: system group and interfaces; a second poll finds no drift', async () => {
    const target = await sampleTarget(agent(), { community: COMMUNITY, timeoutMs: 2_000 });
    const first = await poll(target);
    expect(first.reading.identity).toMatchObject({
      vendor: 'Net-SNMP',
      productCode: '1.3.6.1.4.1.8072.3.2.10',
    });
    expect(valueAt(first.reading, 'system.sysName')?.value).toBe('snmpd-under-test');
    expect(valueAt(first.reading, 'system.sysLocation')).toMatchObject({
      class: 'config',
      value: 'Test bench, rack 2',
    });
    expect(valueAt(first.reading, 'system.sysDescr')?.value).toMatch(/^Linux /);
    expect(valueAt(first.reading, 'system.bootTime')?.class).toBe('config');
    // Net-SNMP serves IF-MIB from the kernel: interface 1 is the loopback, which has no MAC.
    expect(valueAt(first.reading, 'if[1].ifName')?.value).toBe('lo');
    expect(valueAt(first.reading, 'if[1].ifType')?.value).toBe(24);
    expect(valueAt(first.reading, 'if[1].ifPhysAddress')?.value).toBe('');
    expect(valueAt(first.reading, 'if[1].ifAdminStatus')?.value).toBe('up');
    // No CISCO-CONFIG-MAN-MIB, ENTITY-MIB or LLDP-MIB here: absent, not errors.
    expect(first.reading.values.some((value) => /^(cisco|entity)/.test(value.path))).toBe(false);
    expect(first.reading.links?.some((link) => link.source === 'lldp')).toBe(false);
    expect(first.requests.every((line) => /^snmp v2c (Get|GetBulk) /.test(line))).toBe(true);

    const second = await poll(target, first.state);
    expect(diffStates(first.state, second.state)).toEqual([]);
    expect(second.snapshot.fingerprint).toBe(first.snapshot.fingerprint);
  });

  it('v1: the same device by GetNext; the Cisco history it lacks (noSuchName) is skipped', async () => {
    const { reading, requests } = await poll(
      await sampleTarget(agent(), {
        version: 1,
        community: COMMUNITY,
        timeoutMs: 2_000,
        walks: { fdb: false },
      }),
    );
    expect(valueAt(reading, 'system.sysName')?.value).toBe('snmpd-under-test');
    expect(valueAt(reading, 'if[1].ifName')?.value).toBe('lo');
    expect(requests.some((line) => line.startsWith('snmp v1 Get 1.3.6.1.4.1.9.9.43'))).toBe(true);
    expect(requests.every((line) => /^snmp v1 (Get|GetNext) /.test(line))).toBe(true);
  });

  it.each([
    ['SHA', 'plantwatch', 'sha'],
    ['SHA-256', 'plantwatch256', 'sha256'],
  ])(
    'v3 authPriv %s/AES: the system group and interfaces, after an engine discovery',
    async (_name, user, authProtocol) => {
      const target = await sampleTarget(
        agent(),
        {
          timeoutMs: 2_000,
          v3: {
            user,
            securityLevel: 'authPriv',
            authProtocol,
            authPassword: AUTH_PASSWORD,
            privProtocol: 'aes',
            privPassword: PRIV_PASSWORD,
          },
          walks: { fdb: false, arp: false },
        },
        1,
      );
      const { reading, requests } = await poll(target);
      expect(valueAt(reading, 'system.sysLocation')?.value).toBe('Test bench, rack 2');
      expect(valueAt(reading, 'if[1].ifName')?.value).toBe('lo');
      expect(requests[0]).toBe('snmp v3 engine discovery (empty Get)');
      expect(snmpCollector.plan(target)[0]).toBe(requests[0]);
    },
  );

  it('a wrong community times out with a message about credentials', async () => {
    const target = await sampleTarget(agent(), { community: 'public', timeoutMs: 300 });
    await expect(poll(target)).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/silently drop requests with a wrong community/),
    });
  });
});

/** Starts snmpd on a free UDP port of 127.0.0.1, trying another port if one is taken meanwhile. */
async function startSnmpd(snmpdBinary: string, workDir: string): Promise<Snmpd> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await freeUdpPort();
    const runDir = path.join(workDir, `run-${attempt}`);
    await mkdir(runDir, { recursive: true });
    const config = path.join(runDir, 'snmpd.conf');
    await writeFile(
      config,
      [
        // The address only here, not also on the command line (snmpd would open it twice).
        `agentaddress udp:127.0.0.1:${port}`,
        `rocommunity ${COMMUNITY} 127.0.0.1`,
        `createUser plantwatch SHA "${AUTH_PASSWORD}" AES "${PRIV_PASSWORD}"`,
        `createUser plantwatch256 SHA-256 "${AUTH_PASSWORD}" AES "${PRIV_PASSWORD}"`,
        'rouser plantwatch priv',
        'rouser plantwatch256 priv',
        'sysName snmpd-under-test',
        'sysLocation Test bench, rack 2',
        'sysContact ot-security@plant.example',
        '',
      ].join('\n'),
    );
    try {
      return await launch(snmpdBinary, runDir, config, port);
    } catch (error) {
      lastError = error;
      if (!/Address already in use|Error opening specified endpoint/.test(String(error))) throw error;
    }
  }
  throw lastError;
}

function launch(snmpdBinary: string, runDir: string, config: string, port: number): Promise<Snmpd> {
  // -f foreground, -Lo log to stdout, -C only this config, -I -smux no SMUX listener.
  const child: ChildProcess = spawn(
    snmpdBinary,
    ['-f', '-Lo', '-C', '-c', config, '-I', '-smux', '-p', path.join(runDir, 'snmpd.pid')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Keys and engine boots go to the temp dir; no MIB files are loaded (numeric OIDs only).
      env: { ...process.env, SNMP_PERSISTENT_DIR: path.join(runDir, 'persist'), MIBS: '', MIBDIRS: runDir },
    },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`snmpd did not start in 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Logged once the agent has opened its transports.
      if (/NET-SNMP version \S+/.test(output)) {
        clearTimeout(timer);
        resolve({ host: '127.0.0.1', port, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`snmpd exited with ${code}:\n${output}`));
    });
  });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
