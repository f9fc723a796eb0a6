import { type SnmpSimulator, startSnmpSimulator, switchProfile } from '@plantwatch/simulators/snmp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDevicePacer, createRequestGate } from '../../poller/request-gate.ts';
import type { SnmpCredentials } from './credentials.ts';
import { connectSnmpReader, READ_FUNCTIONS, type SnmpReader } from './read-only-client.ts';

const USER = { name: 'auditor', authKey: 'auth-secret-1', privKey: 'priv-secret-1' };
let simulator: SnmpSimulator;
const readers: SnmpReader[] = [];

beforeAll(async () => {
  simulator = await startSnmpSimulator({
    device: switchProfile({ ports: 8 }),
    users: [
      {
        name: USER.name,
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: USER.authKey,
        privProtocol: 'aes',
        privKey: USER.privKey,
      },
    ],
  });
});
afterAll(() => simulator.close());
beforeEach(async () => {
  for (const reader of readers.splice(0)) await reader.close();
  simulator.clearRequests();
});

function open(
  credentials: SnmpCredentials = { version: '2c', community: 'public' },
  signal = new AbortController().signal,
) {
  const gate = createRequestGate({ deviceKey: 'sim', minGapMs: 0, pacer: createDevicePacer(), signal });
  const reader = connectSnmpReader({
    host: simulator.host,
    port: simulator.port,
    timeoutMs: 500,
    credentials,
    maxRepetitions: 5,
    gate,
    signal,
  });
  readers.push(reader);
  return { reader, gate };
}

describe('the read-only SNMP client facade', () => {
  it('exposes reads and nothing else, and cannot be extended', () => {
    const { reader } = open();
    const functions = Object.keys(reader).filter(
      (key) => typeof (reader as unknown as Record<string, unknown>)[key] === 'function',
    );
    expect(functions.sort()).toEqual([...READ_FUNCTIONS, 'close'].sort());
    expect(Object.isFrozen(reader)).toBe(true);
    expect(() => {
      (reader as unknown as Record<string, unknown>).set = () => {};
    }).toThrow(TypeError);
  });

  it('refuses a request SNMP does not allow before sending a byte', async () => {
    const datagramsBefore = simulator.datagramCount();
    const v1 = open({ version: '1', community: 'public' }).reader;
    await expect(v1.getBulk(['1.3.6.1.2.1.1'], 0, 5)).rejects.toMatchObject({ code: 'invalid_argument' });
    const { reader, gate } = open();
    await expect(reader.get(['1.3.6.1.2.1.1.1.0; drop'])).rejects.toThrow(/not a numeric OID/);
    await expect(reader.get([])).rejects.toThrow(/0 OIDs/);
    await expect(reader.getBulk(['1.3.6.1.2.1.2'], 0, 0)).rejects.toThrow(/max-repetitions 0/);
    await expect(reader.getBulk(['1.3.6.1.2.1.2'], 2, 5)).rejects.toThrow(/non-repeaters 2/);
    expect(gate.requests).toEqual([]);
    expect(simulator.datagramCount()).toBe(datagramsBefore);
  });

  it('records each request in the gate before it is sent, one datagram each', async () => {
    const { reader, gate } = open();
    await reader.get(['1.3.6.1.2.1.1.5.0']);
    await reader.getNext(['1.3.6.1.2.1.1.5.0']);
    const [nonRepeater, repeated] = await reader.getBulk(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.2.2.1.2'], 1, 3);
    expect(nonRepeater?.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.1.2.0']);
    expect(repeated?.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.2.2.1.2.1', '1.3.6.1.2.1.2.2.1.2.2']);
    expect(gate.requests).toEqual([
      'snmp v2c Get 1.3.6.1.2.1.1.5.0',
      'snmp v2c GetNext 1.3.6.1.2.1.1.5.0',
      'snmp v2c GetBulk 1.3.6.1.2.1.1.1.0,1.3.6.1.2.1.2.2.1.2 non-repeaters 1 max-repetitions 3',
    ]);
    expect(simulator.requests.map((r) => r.type)).toEqual(['Get', 'GetNext', 'GetBulk']);
  });

  it('walks a subtree to its end and no further, by GetBulk in v2c and GetNext in v1', async () => {
    for (const version of ['2c', '1'] as const) {
      const { reader } = open({ version, community: 'public' });
      const { varbinds, truncated } = await reader.subtree('1.3.6.1.2.1.1', 100);
      // The system group is 6 scalars; walk() would have run on into the interfaces group.
      expect(varbinds.map((v) => v.oid.split('.')[7])).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(truncated).toBe(false);
    }
    expect(simulator.requests.filter((r) => r.version === '1').every((r) => r.type === 'GetNext')).toBe(true);
  });

  it('bounds a walk at maxRows, asking for no more than one value past the bound', async () => {
    const { reader, gate } = open();
    const exact = await reader.subtree('1.3.6.1.2.1.2.2.1.2', 9);
    expect([exact.varbinds.length, exact.truncated]).toEqual([9, false]);
    const walked = gate.requests.length;
    const cut = await reader.table([{ name: 'ifDescr', oid: '1.3.6.1.2.1.2.2.1.2' }], 4);
    expect([cut.rows.size, cut.truncated]).toEqual([4, true]);
    expect(gate.requests.slice(walked)).toEqual(['snmp v2c GetBulk 1.3.6.1.2.1.2.2.1.2 max-repetitions 5']);
  });

  it('runs the v3 engine discovery once, and records it in the transcript', async () => {
    const credentials: SnmpCredentials = {
      version: '3',
      user: USER.name,
      securityLevel: 'authPriv',
      auth: { protocol: 'sha', password: USER.authKey },
      priv: { protocol: 'aes', password: USER.privKey },
    };
    const { reader, gate } = open(credentials);
    await reader.get(['1.3.6.1.2.1.1.5.0']);
    await reader.get(['1.3.6.1.2.1.1.6.0']);
    expect(gate.requests).toEqual([
      'snmp v3 engine discovery (empty Get)',
      'snmp v3 Get 1.3.6.1.2.1.1.5.0',
      'snmp v3 Get 1.3.6.1.2.1.1.6.0',
    ]);
    expect(simulator.requests.map((r) => [r.type, r.oids.length, r.discovery ?? false])).toEqual([
      ['Get', 0, true],
      ['Get', 1, false],
      ['Get', 1, false],
    ]);
  });

  it('fails a request in flight at once when the poll is cancelled', async () => {
    simulator.injectFault({ kind: 'timeout' }, { times: 1 });
    const controller = new AbortController();
    const { reader } = open({ version: '2c', community: 'public' }, controller.signal);
    const pending = reader.get(['1.3.6.1.2.1.1.5.0']);
    await simulator.waitForRequests(1);
    const started = performance.now();
    controller.abort();
    await expect(pending).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/cancelled/),
    });
    expect(performance.now() - started).toBeLessThan(400);
  });
});
