import { formatIssues } from '@plantwatch/protocol';
import {
  type SnmpSimulator,
  type SnmpSimulatorUser,
  startSnmpSimulator,
  switchProfile,
} from '@plantwatch/simulators/snmp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { snmpCollector } from './collector.ts';
import { snmpTargetSchema } from './config.ts';
import { poll, sampleTarget } from './test-harness.ts';

const AUTH_PASSWORD = 'auth-pass-phrase-1';
const PRIV_PASSWORD = 'priv-pass-phrase-1';
const USERS: SnmpSimulatorUser[] = [
  {
    name: 'sha-aes',
    level: 'authPriv',
    authProtocol: 'sha',
    authKey: AUTH_PASSWORD,
    privProtocol: 'aes',
    privKey: PRIV_PASSWORD,
  },
  {
    name: 'sha256-aes',
    level: 'authPriv',
    authProtocol: 'sha256',
    authKey: AUTH_PASSWORD,
    privProtocol: 'aes',
    privKey: PRIV_PASSWORD,
  },
  {
    name: 'sha512-aes256r',
    level: 'authPriv',
    authProtocol: 'sha512',
    authKey: AUTH_PASSWORD,
    privProtocol: 'aes256r',
    privKey: PRIV_PASSWORD,
  },
  { name: 'sha-only', level: 'authNoPriv', authProtocol: 'sha', authKey: AUTH_PASSWORD },
];
let simulator: SnmpSimulator;

beforeAll(async () => {
  simulator = await startSnmpSimulator({
    device: switchProfile({ ports: 8 }),
    communities: ['plant-ro'],
    users: USERS,
  });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.clearRequests();
  // The v3 sample reads its passwords from these variables, as a site would configure it.
  vi.stubEnv('PLANTWATCH_SNMP_AUTH_PASSWORD', AUTH_PASSWORD);
  vi.stubEnv('PLANTWATCH_SNMP_PRIV_PASSWORD', PRIV_PASSWORD);
});
afterEach(() => vi.unstubAllEnvs());

/** The v3 sample target (passwords from the environment) for one simulator user. */
function v3Target(user: SnmpSimulatorUser, overrides: Record<string, unknown> = {}) {
  return sampleTarget(
    simulator,
    {
      v3: {
        user: user.name,
        securityLevel: user.level,
        authProtocol: user.authProtocol,
        authPasswordEnv: 'PLANTWATCH_SNMP_AUTH_PASSWORD',
        ...(user.level === 'authPriv'
          ? { privProtocol: user.privProtocol, privPasswordEnv: 'PLANTWATCH_SNMP_PRIV_PASSWORD' }
          : {}),
      },
      walks: {},
      ...overrides,
    },
    1,
  );
}

describe('snmp collector: versions and security levels', () => {
  it('v1 reads the same switch with GetNext only', async () => {
    const { reading, requests } = await poll(
      await sampleTarget(simulator, { version: 1, community: 'plant-ro' }),
    );
    expect(reading.identity.serial).toBe('KX48-2024-0001187');
    expect(reading.values.filter((v) => v.path.endsWith('.ifAlias'))).toHaveLength(9);
    expect(reading.links?.filter((link) => link.source === 'fdb')).toHaveLength(6);
    expect(requests.every((line) => /^snmp v1 (Get|GetNext) /.test(line))).toBe(true);
    expect(new Set(simulator.requests.map((r) => `${r.version} ${r.type}`))).toEqual(
      new Set(['1 Get', '1 GetNext']),
    );
  });

  it.each(
    USERS.map((user) => [
      `${user.level} ${user.authProtocol}${user.privProtocol ? `+${user.privProtocol}` : ''}`,
      user,
    ]),
  )('v3 %s reads identity and ports, starting with the engine discovery it plans', async (_label, user) => {
    const target = await v3Target(user);
    const { reading, requests, snapshot } = await poll(target);
    expect(reading.identity).toMatchObject({ serial: 'KX48-2024-0001187', model: 'KX-2948G' });
    expect(snapshot.links?.length).toBeGreaterThan(0);
    expect(requests[0]).toBe('snmp v3 engine discovery (empty Get)');
    expect(snmpCollector.plan(target)[0]).toBe(requests[0]);
    expect(requests.filter((line) => line.includes('discovery'))).toHaveLength(1);
    const received = simulator.requests.filter((r) => !r.discovery);
    expect(received.every((r) => r.version === '3' && r.securityName === user.name)).toBe(true);
    expect(simulator.writeRequests()).toEqual([]);
  });

  it('a wrong community is a timeout whose message points at the credentials', async () => {
    const target = await sampleTarget(simulator, { community: 'public', timeoutMs: 200 });
    const error = await poll(target).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(String((error as Error).message)).toMatch(
      /^snmp v2c Get 1\.3\.6\.1\.2\.1\.1\.1\.0,.*: no reply within 200 ms\. SNMP agents silently drop requests with a wrong community: check community \(or communityEnv\)/,
    );
    expect(simulator.rejected[0]?.reason).toMatch(/community/);
  });

  it('a wrong v3 password is a timeout that names the v3 settings; an unknown user is refused outright', async () => {
    const [user] = USERS;
    if (!user) throw new Error('no user');
    vi.stubEnv('PLANTWATCH_SNMP_AUTH_PASSWORD', 'not-the-password');
    const wrongKey = await poll(await v3Target(user, { timeoutMs: 200 })).catch((caught: unknown) => caught);
    expect(wrongKey).toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/check v3\.authProtocol, authPassword/),
    });

    vi.stubEnv('PLANTWATCH_SNMP_AUTH_PASSWORD', AUTH_PASSWORD);
    const unknown = await poll(await v3Target({ ...user, name: 'mallory' })).catch(
      (caught: unknown) => caught,
    );
    expect(unknown).toMatchObject({
      code: 'device_error',
      message: expect.stringMatching(/refused the SNMPv3 credentials \(Unknown User Name\)/),
    });
  });

  it('a missing secret is a config error naming the variable, before anything is sent', async () => {
    const datagrams = simulator.datagramCount();
    const target = await sampleTarget(simulator, {
      community: undefined,
      communityEnv: 'PLANTWATCH_TEST_UNSET',
    });
    await expect(poll(target)).rejects.toMatchObject({
      code: 'invalid_config',
      message: 'communityEnv: environment variable PLANTWATCH_TEST_UNSET is not set',
    });
    vi.stubEnv('PLANTWATCH_SNMP_PRIV_PASSWORD', 'short');
    await expect(poll(await v3Target(USERS[0] as SnmpSimulatorUser))).rejects.toThrow(
      /at least 8 characters/,
    );
    expect(simulator.datagramCount()).toBe(datagrams);
  });
});

describe('snmp target config', () => {
  const v3 = (fields: Record<string, unknown>) => ({
    id: 'sw',
    protocol: 'snmp',
    host: '10.0.0.2',
    version: 3,
    v3: {
      user: 'u',
      authProtocol: 'sha256',
      authPassword: AUTH_PASSWORD,
      privProtocol: 'aes',
      privPassword: PRIV_PASSWORD,
      ...fields,
    },
  });
  const issues = (input: unknown) => {
    const parsed = snmpTargetSchema.safeParse(input);
    return parsed.success ? [] : formatIssues(parsed.error);
  };

  it('refuses DES with the reason, and MD5 unless explicitly allowed', () => {
    expect(issues(v3({ privProtocol: 'des' }))).toEqual([
      expect.stringMatching(
        /^v3\.privProtocol: DES privacy is not available: Node 20 runs OpenSSL 3, which has no DES cipher/,
      ),
    ]);
    expect(issues(v3({ authProtocol: 'md5' }))).toEqual([
      expect.stringMatching(/^v3\.authProtocol: md5 is weak/),
    ]);
    expect(issues(v3({ authProtocol: 'md5', allowMd5: true }))).toEqual([]);
    expect(issues(v3({ authProtocol: 'rot13' }))[0]).toMatch(/^v3\.authProtocol: /);
  });

  it('asks for exactly the credentials the version needs', () => {
    const base = { id: 'sw', protocol: 'snmp', host: '10.0.0.2' };
    expect(issues(base)).toEqual(['community: set community or communityEnv']);
    expect(issues({ ...base, community: 'a', communityEnv: 'B' })).toEqual([
      'community: set community or communityEnv, not both',
    ]);
    expect(issues({ ...base, version: 3 })).toEqual([
      'v3: version 3 needs a v3 block (user, securityLevel, protocols, passwords)',
    ]);
    expect(issues(v3({ privPassword: undefined }))).toEqual([
      'v3.privPassword: set privPassword or privPasswordEnv',
    ]);
    expect(issues(v3({ authPassword: 'short' }))).toEqual([
      'v3.authPassword: must be at least 8 characters (RFC 3414)',
    ]);
    expect(issues({ ...base, version: '4', community: 'a' })).toEqual(['version: must be 1, 2c or 3']);
    expect(snmpTargetSchema.parse({ ...base, community: 'a' })).toMatchObject({
      version: '2c',
      port: 161,
      maxRowsPerTable: 2_000,
    });
  });
});
