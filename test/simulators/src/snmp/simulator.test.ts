import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { snmp } from './load-net-snmp.ts';
import { startSnmpSimulator } from './simulator.ts';
import { switchProfile, VLAN_IF_INDEX } from './switch-profile.ts';
import { rejectionOf, type TestClient, testClient, text } from './test-client.ts';
import type { SnmpSimulator, SnmpSimulatorOptions, SnmpSimulatorUser } from './types.ts';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const SYS_LOCATION = '1.3.6.1.2.1.1.6.0';
const IF_ALIAS = '1.3.6.1.2.1.31.1.1.1.18';
const SHA_AES: SnmpSimulatorUser = {
  name: 'auditor',
  level: 'authPriv',
  authProtocol: 'sha',
  authKey: 'auth-secret-1',
  privProtocol: 'aes',
  privKey: 'priv-secret-1',
};

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: SnmpSimulatorOptions = {}): Promise<SnmpSimulator> {
  const simulator = await startSnmpSimulator(options);
  cleanups.push(() => simulator.close());
  return simulator;
}

function client(
  simulator: SnmpSimulator,
  ...rest: Parameters<typeof testClient> extends [unknown, ...infer R] ? R : never
) {
  const created: TestClient = testClient(simulator, ...rest);
  cleanups.push(() => created.close());
  return created;
}

describe('startSnmpSimulator', () => {
  it('serves a switch on a free port of 127.0.0.1 and records each request with its PDU type', async () => {
    const simulator = await start();
    const session = client(simulator);
    expect(simulator.host).toBe('127.0.0.1');
    expect(simulator.port).toBeGreaterThan(0);
    expect(simulator.port).not.toBe(161);

    const [descr, uptime] = await session.get([SYS_DESCR, SYS_UPTIME]);
    expect(text(descr)).toContain('KX-2948G');
    expect(uptime?.type).toBe(snmp.ObjectType.TimeTicks);
    expect(uptime?.value).toBeGreaterThanOrEqual(3 * 86_400 * 100);
    const [aliases] = await session.getBulk([IF_ALIAS], 3);
    expect(aliases?.map((v) => [v.oid, text(v)])).toEqual([
      [`${IF_ALIAS}.1`, 'PLC press-01'],
      [`${IF_ALIAS}.2`, ''],
      [`${IF_ALIAS}.3`, ''],
    ]);
    await session.getNext([IF_ALIAS]);

    expect(simulator.requests.map(({ at: _at, ...request }) => request)).toEqual([
      { type: 'Get', version: '2c', securityName: 'public', oids: [SYS_DESCR, SYS_UPTIME] },
      {
        type: 'GetBulk',
        version: '2c',
        securityName: 'public',
        oids: [IF_ALIAS],
        nonRepeaters: 0,
        maxRepetitions: 3,
      },
      { type: 'GetNext', version: '2c', securityName: 'public', oids: [IF_ALIAS] },
    ]);
    expect(simulator.writeRequests()).toEqual([]);
    expect(simulator.datagramCount()).toBe(3);
  });

  it('answers v1 and v3 (authNoPriv SHA, authPriv SHA/AES and SHA-256/AES), recording the v3 discovery', async () => {
    const sha256: SnmpSimulatorUser = { ...SHA_AES, name: 'auditor256', authProtocol: 'sha256' };
    const authOnly: SnmpSimulatorUser = {
      name: 'reader',
      level: 'authNoPriv',
      authProtocol: 'sha',
      authKey: 'auth-only-1',
    };
    const simulator = await start({ communities: ['plant-ro'], users: [SHA_AES, sha256, authOnly] });

    expect(
      text((await client(simulator, { version: '1', community: 'plant-ro' }).get([SYS_DESCR]))[0]),
    ).toContain('KX');
    for (const user of [SHA_AES, sha256, authOnly]) {
      expect(text((await client(simulator, { version: '3', user }).get([SYS_DESCR]))[0])).toContain('KX');
    }
    const summary = simulator.requests.map((r) => [
      r.version,
      r.type,
      r.securityName,
      r.oids.length,
      r.discovery,
    ]);
    expect(summary).toEqual([
      ['1', 'Get', 'plant-ro', 1, undefined],
      ...[SHA_AES, sha256, authOnly].flatMap((user) => [
        ['3', 'Get', '', 0, true],
        ['3', 'Get', user.name, 1, undefined],
      ]),
    ]);
  });

  it('drops a wrong community or a wrong v3 key without an answer, and says why in `rejected`', async () => {
    const simulator = await start({ communities: ['plant-ro'], users: [SHA_AES] });
    const wrongCommunity = client(simulator, { version: '2c', community: 'public' }, 200);
    expect((await rejectionOf(wrongCommunity.get([SYS_DESCR]))).name).toBe('RequestTimedOutError');
    const wrongKey = client(simulator, { version: '3', user: { ...SHA_AES, authKey: 'not-the-key' } }, 200);
    expect((await rejectionOf(wrongKey.get([SYS_DESCR]))).name).toBe('RequestTimedOutError');
    const unknownUser = client(simulator, { version: '3', user: { ...SHA_AES, name: 'mallory' } }, 200);
    expect((await rejectionOf(unknownUser.get([SYS_DESCR]))).message).toMatch(/Unknown User Name/);

    expect(simulator.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/community/),
      expect.stringMatching(/digest/i),
      'answered with a Report: unknown user name',
    ]);
    // Only the two v3 discoveries were dispatched; nothing reached the MIB.
    expect(simulator.requests.every((r) => r.discovery)).toBe(true);
  });

  it('records and refuses every Set, in v1 and v2c, and changes nothing', async () => {
    const simulator = await start();
    const varbind = { oid: SYS_LOCATION, type: snmp.ObjectType.OctetString, value: 'owned' };
    for (const version of ['1', '2c'] as const) {
      const session = client(simulator, { version, community: 'public' });
      const error = await rejectionOf(session.set([varbind]));
      expect(error.message).toMatch(version === '1' ? /NoSuchName/ : /NoAccess/);
      expect(text((await session.get([SYS_LOCATION]))[0])).toBe('Hall B, cabinet 4');
    }
    expect(simulator.writeRequests().map((r) => [r.type, r.version, r.oids])).toEqual([
      ['Set', '1', [SYS_LOCATION]],
      ['Set', '2c', [SYS_LOCATION]],
    ]);
  });

  it('changes on demand: ports, system, uptime, forwarding table, config history and raw values', async () => {
    const simulator = await start({ device: switchProfile({ ports: 8, ifIndexBase: 100 }) });
    const session = client(simulator);
    simulator.setPort(103, { alias: 'spare', adminStatus: 2, inOctets: 99 });
    simulator.setSystem({ sysLocation: 'Hall C' });
    const [alias, admin, octets, location] = await session.get([
      `${IF_ALIAS}.103`,
      '1.3.6.1.2.1.2.2.1.7.103',
      '1.3.6.1.2.1.2.2.1.10.103',
      SYS_LOCATION,
    ]);
    expect([text(alias), admin?.value, octets?.value, text(location)]).toEqual(['spare', 2, 99, 'Hall C']);
    expect(() => simulator.setPort(3, { alias: 'x' })).toThrow(/no port with ifIndex 3/);

    simulator.reboot();
    expect(simulator.uptimeMs()).toBeLessThan(1_000);
    simulator.shiftUptime(60_000);
    const ticks = (await session.get([SYS_UPTIME]))[0]?.value as number;
    expect(ticks).toBeGreaterThanOrEqual(6_000);
    expect(ticks).toBeLessThan(7_000);

    simulator.addFdbEntry({ mac: '02:00:00:bb:00:01', vlan: 10, port: 5, status: 3 });
    const [qPort] = await session.get(['1.3.6.1.2.1.17.7.1.2.2.1.2.1.2.0.0.187.0.1']);
    expect(qPort?.value).toBe(5);
    simulator.changeRunningConfig();
    const [changed] = await session.get(['1.3.6.1.4.1.9.9.43.1.1.1.0']);
    expect(changed?.value).toBeGreaterThanOrEqual(6_000);

    simulator.setRaw(SYS_DESCR, 'Integer', 7);
    expect((await session.get([SYS_DESCR]))[0]).toMatchObject({ type: snmp.ObjectType.Integer, value: 7 });
    expect(() => simulator.setRaw('1.3.6.1.2.1.1.99.0', 'Integer', 1)).toThrow(RangeError);
  });

  it('serves the VLAN interface, ARP tables and a MIB without the Cisco history when asked', async () => {
    const simulator = await start({ device: switchProfile({ ports: 4, hosts: 2, ciscoConfigMan: false }) });
    const session = client(simulator);
    const [ccm, vlanName] = await session.get([
      '1.3.6.1.4.1.9.9.43.1.1.1.0',
      `1.3.6.1.2.1.31.1.1.1.1.${VLAN_IF_INDEX}`,
    ]);
    expect(ccm?.type).toBe(snmp.ObjectType.NoSuchObject);
    expect(text(vlanName)).toBe('Vlan10');
    const [arp] = await session.getBulk(['1.3.6.1.2.1.4.22.1.2'], 2);
    expect(arp?.map((v) => v.oid)).toEqual([
      `1.3.6.1.2.1.4.22.1.2.${VLAN_IF_INDEX}.10.20.0.100`,
      `1.3.6.1.2.1.4.22.1.2.${VLAN_IF_INDEX}.10.20.0.101`,
    ]);
  });

  it('closes idempotently, frees its port and rejects pending waits', async () => {
    const simulator = await startSnmpSimulator();
    const waiting = simulator.waitForRequests(1, 10_000);
    await Promise.all([simulator.close(), simulator.close()]);
    await expect(waiting).rejects.toThrow(/closed/);
    // The port is free again: binding it succeeds.
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(simulator.port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  });

  it('fails to start on a port that is taken, and leaves nothing open', async () => {
    const first = await start();
    await expect(startSnmpSimulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    await expect(startSnmpSimulator({ port: -1 })).rejects.toThrow(RangeError);
  });
});
