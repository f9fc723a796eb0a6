import { LIMITS } from '@plantwatch/protocol';
import { type SnmpSimulator, startSnmpSimulator, switchProfile } from '@plantwatch/simulators/snmp';
import { afterEach, describe, expect, it } from 'vitest';
import { poll, sampleTarget, valueAt } from './test-harness.ts';

const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1';
const ENTITY_TABLE = '1.3.6.1.2.1.47.1.1.1';
let simulator: SnmpSimulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function start(options: Parameters<typeof switchProfile>[0] = { ports: 8 }) {
  simulator = await startSnmpSimulator({ device: switchProfile(options) });
  return simulator;
}

describe('snmp collector: a failing device gives a clear poll error', () => {
  it('no reply in the middle of a walk: a timeout naming the request', async () => {
    const sim = await start();
    sim.injectFault({ kind: 'timeout' }, { oidPrefix: IF_NAME });
    const error = await poll(await sampleTarget(sim, { timeoutMs: 200 })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toMatch(
      /^snmp v2c GetBulk 1\.3\.6\.1\.2\.1\.31\.1\.1\.1\.1 max-repetitions 20: no reply within 200 ms/,
    );
    expect(sim.writeRequests()).toEqual([]);
  });

  it('an error-status reply: a device error with the status', async () => {
    const sim = await start();
    sim.injectFault({ kind: 'error' }, { oidPrefix: ENTITY_TABLE });
    await expect(poll(await sampleTarget(sim))).rejects.toMatchObject({
      code: 'device_error',
      message:
        'snmp v2c GetBulk 1.3.6.1.2.1.47.1.1.1.1.2 max-repetitions 20: the device answered GeneralError',
      details: { snmpErrorStatus: 'GeneralError' },
    });
  });

  it('a reply that is not SNMP: a timeout that says what arrived instead, and no crash', async () => {
    const sim = await start();
    sim.injectFault({ kind: 'malformed' }, { times: 1 });
    await expect(poll(await sampleTarget(sim, { timeoutMs: 200 }))).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/The device sent something that is not SNMP/),
    });
  });

  it('a slow reply within the timeout is just slow', async () => {
    const sim = await start();
    sim.injectFault({ kind: 'slow', delayMs: 100 }, { times: 2 });
    const { reading } = await poll(await sampleTarget(sim, { timeoutMs: 500 }));
    expect(reading.identity.serial).toBe('KX48-2024-0001187');
  });
});

describe('snmp collector: hostile data and large tables', () => {
  it('cleans or skips garbage values and still delivers a valid snapshot', async () => {
    const sim = await start();
    sim.setRaw(
      '1.3.6.1.2.1.1.1.0',
      'OctetString',
      Buffer.concat([Buffer.from('\u001b[2J\u0000pwned\r\n'), Buffer.alloc(10_000, 0x41)]),
    );
    sim.setRaw('1.3.6.1.2.1.1.2.0', 'OctetString', 'not an OID');
    sim.setRaw('1.3.6.1.2.1.31.1.1.1.18.2', 'Integer', 42);
    sim.setRaw('1.3.6.1.2.1.2.2.1.6.3', 'OctetString', Buffer.alloc(7, 0xaa));
    sim.setRaw('1.3.6.1.2.1.47.1.1.1.1.11.1', 'OctetString', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x07]));
    sim.setRaw('1.0.8802.1.1.2.1.4.1.1.9.0.1.1', 'OctetString', 'press\u0007-01\u001b');
    const { reading, snapshot } = await poll(await sampleTarget(sim));

    const descr = String(valueAt(reading, 'system.sysDescr')?.value);
    expect(descr.startsWith('[2Jpwned AAAA')).toBe(true);
    expect(descr).toHaveLength(LIMITS.deviceString);
    expect(valueAt(reading, 'system.sysObjectID')).toBeUndefined();
    expect(reading.identity.productCode).toBeUndefined();
    expect(valueAt(reading, 'if[2].ifAlias')).toBeUndefined();
    expect(valueAt(reading, 'if[3].ifPhysAddress')).toBeUndefined();
    expect(valueAt(reading, 'if[2].ifName')?.value).toBe('Gi1/0/2');
    expect(reading.identity.serial).toBe('ÿþA');
    expect(snapshot.links?.find((link) => link.source === 'lldp')?.remoteName).toBe('press-01');
  });

  it('cuts a forwarding table at maxRowsPerTable, marks the links truncated, and asks for no more', async () => {
    const sim = await start({ ports: 8, hosts: 300 });
    const { reading } = await poll(await sampleTarget(sim, { maxRowsPerTable: 50 }));
    expect(reading.linksTruncated).toBe(true);
    expect(reading.links?.filter((link) => link.source === 'fdb').length).toBeLessThanOrEqual(50);
    expect(reading.links?.filter((link) => link.source === 'arp').length).toBe(50);
    const fdbPortWalk = sim.requests.filter((r) => r.oids[0]?.startsWith('1.3.6.1.2.1.17.7.1.2.2.1.2'));
    // 51 values at 20 a request: three requests, the last asking only for what still fits plus one.
    expect(fdbPortWalk.map((r) => r.maxRepetitions)).toEqual([20, 20, 11]);
    expect(valueAt(reading, 'if[8].ifName')?.value).toBe('Te1/0/8');
  });

  it('keeps at most the values a snapshot carries, in read order', async () => {
    const sim = await start({ ports: 240, hosts: 0 });
    const { reading } = await poll(
      await sampleTarget(sim, { maxRepetitions: 50, walks: { lldp: false, fdb: false, arp: false } }),
    );
    expect(reading.values).toHaveLength(LIMITS.valuesPerAsset);
    expect(reading.values[0]?.path).toBe('system.sysDescr');
    expect(reading.links).toBeUndefined();
  });

  it('maps bridge and LLDP port numbers to interfaces whose ifIndex differs', async () => {
    const sim = await start({ ports: 8, ifIndexBase: 10_100, hosts: 2 });
    const { reading } = await poll(await sampleTarget(sim));
    const ports = (source: string) =>
      reading.links?.filter((link) => link.source === source).map((link) => [link.port, link.portIndex]);
    expect(ports('lldp')).toEqual([
      ['Gi1/0/1', 10_101],
      ['Te1/0/8', 10_108],
    ]);
    expect(ports('fdb')).toEqual([
      ['Gi1/0/1', 10_101],
      ['Gi1/0/2', 10_102],
    ]);
    expect(valueAt(reading, 'if[10101].ifAlias')?.value).toBe('PLC press-01');
  });

  it('paces its requests through the gate: one at a time, minRequestGapMs apart', async () => {
    const sim = await start({ ports: 4 });
    const target = await sampleTarget(sim, { walks: { entity: false, lldp: false, fdb: false, arp: false } });
    await poll(target, undefined, 15);
    const arrivals = sim.requests.map((request) => request.at);
    expect(arrivals.length).toBeGreaterThan(10);
    // The gate books slots 15 ms apart; a late timer can bring two sends closer than that, but
    // never the whole poll: it cannot finish sooner than its slots allow.
    const spanMs = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    expect(spanMs).toBeGreaterThanOrEqual((arrivals.length - 1) * 15 - 10);
    expect(arrivals.every((at, i) => i === 0 || at >= (arrivals[i - 1] ?? at))).toBe(true);
  });

  it('reads a switch without CISCO-CONFIG-MAN-MIB without complaint', async () => {
    const sim = await start({ ports: 4, ciscoConfigMan: false });
    const { reading } = await poll(await sampleTarget(sim));
    expect(reading.values.some((value) => value.path.startsWith('cisco.'))).toBe(false);
    expect(reading.identity.serial).toBe('KX48-2024-0001187');
  });
});
