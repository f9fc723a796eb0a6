import { diffStates } from '@plantwatch/protocol';
import {
  HOST_VLAN,
  hostMac,
  type SnmpSimulator,
  startSnmpSimulator,
  VLAN_IF_INDEX,
} from '@plantwatch/simulators/snmp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snmpCollector } from './collector.ts';
import { poll, sampleTarget, valueAt } from './test-harness.ts';

let simulator: SnmpSimulator;

beforeAll(async () => {
  simulator = await startSnmpSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.clearRequests());

describe('snmp collector (v2c) against the simulated switch', () => {
  it('reads identity, settings and ports with the shipped sample config, and only reads', async () => {
    const target = await sampleTarget(simulator);
    const { reading, snapshot, requests } = await poll(target);

    expect(reading.identity).toEqual({
      vendor: 'Kestrel Industrial Networks',
      model: 'KX-2948G',
      productName: 'KX-2948G chassis',
      productCode: '1.3.6.1.4.1.9.1.2948',
      serial: 'KX48-2024-0001187',
      hardwareRevision: 'B0',
      firmware: '1.04',
      softwareRevision: '4.2.1',
    });
    expect(valueAt(reading, 'system.sysDescr')).toMatchObject({
      class: 'identity',
      value: expect.stringContaining('4.2.1'),
    });
    expect(valueAt(reading, 'system.sysName')).toEqual({
      path: 'system.sysName',
      class: 'config',
      value: 'line2-access-1',
    });
    expect(valueAt(reading, 'system.sysUpTime')).toMatchObject({ class: 'volatile', unit: 's' });
    expect(valueAt(reading, 'system.bootTime')?.value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(valueAt(reading, 'cisco.ccmHistoryRunningLastChanged')).toMatchObject({
      class: 'config',
      value: 4_200,
    });
    expect(valueAt(reading, 'entity[2].entPhysicalSerialNum')).toMatchObject({
      class: 'identity',
      value: 'KXM4-2024-0000412',
    });
    expect(valueAt(reading, 'entity[1].entPhysicalClass')?.value).toBe('chassis');
    // Port entities say nothing the interface table does not: left out.
    expect(reading.values.some((value) => value.path.startsWith('entity[101]'))).toBe(false);

    const port1 = reading.values.filter((value) => value.path.startsWith('if[1].'));
    expect(Object.fromEntries(port1.map((value) => [value.path, [value.class, value.value]]))).toEqual({
      'if[1].ifName': ['config', 'Gi1/0/1'],
      'if[1].ifDescr': ['config', 'GigabitEthernet1/0/1'],
      'if[1].ifAlias': ['config', 'PLC press-01'],
      'if[1].ifType': ['config', 6],
      'if[1].ifSpeed': ['config', 1_000_000_000],
      'if[1].ifHighSpeed': ['config', 1_000],
      'if[1].ifAdminStatus': ['config', 'up'],
      'if[1].ifPhysAddress': ['config', '00:1b:54:00:10:01'],
      'if[1].ifOperStatus': ['volatile', 'up'],
    });
    expect(valueAt(reading, 'if[48].ifHighSpeed')?.value).toBe(10_000);
    expect(reading.values.filter((value) => value.path.endsWith('.ifName'))).toHaveLength(49);

    expect(snapshot.poll.transcript.requests).toEqual(requests);
    expect(simulator.writeRequests()).toEqual([]);
    expect(simulator.requests.every((r) => r.type === 'Get' || r.type === 'GetBulk')).toBe(true);
    // One datagram per transcript line: the library does not retry behind the gate's back.
    expect(simulator.requests).toHaveLength(requests.length);
  });

  it('plans exactly the requests a poll starts each read with, in the same order', async () => {
    const target = await sampleTarget(simulator);
    const planned = snmpCollector.plan(target).map((line) => line.replace(/ \(.*\)$/, ''));
    expect(planned[0]).toBe(
      'snmp v2c Get 1.3.6.1.2.1.1.1.0,1.3.6.1.2.1.1.2.0,1.3.6.1.2.1.1.3.0,1.3.6.1.2.1.1.4.0,1.3.6.1.2.1.1.5.0,1.3.6.1.2.1.1.6.0',
    );
    expect(planned).toContain('snmp v2c GetBulk 1.3.6.1.2.1.31.1.1.1.18 max-repetitions 20');
    const { requests } = await poll(target);
    expect(requests.filter((line) => planned.includes(line))).toEqual(planned);
    // Every other request continues a walk that the plan announced.
    const continued = requests.filter((line) => !planned.includes(line));
    expect(continued.every((line) => / GetBulk [\d.]+ max-repetitions \d+$/.test(line))).toBe(true);
  });

  it('emits the hosts it sees as links on the right port: LLDP neighbours, forwarding and ARP entries', async () => {
    const { reading } = await poll(await sampleTarget(simulator));
    const links = reading.links ?? [];
    expect(links.filter((link) => link.source === 'lldp')).toEqual([
      {
        source: 'lldp',
        port: 'Gi1/0/1',
        portIndex: 1,
        mac: '00:0e:8c:12:34:56',
        remoteName: 'press-01',
        remotePort: 'X1 P1',
        remoteChassis: '00:0e:8c:12:34:56',
      },
      {
        source: 'lldp',
        port: 'Te1/0/48',
        portIndex: 48,
        mac: '00:1b:54:ff:00:01',
        ip: '10.20.0.1',
        remoteName: 'core-sw-1',
        remotePort: 'Te1/1/1',
        remoteChassis: '00:1b:54:ff:00:01',
      },
    ]);
    const fdb = links.filter((link) => link.source === 'fdb');
    // Six learned hosts; the switch's own MAC (status self) is not a host; BRIDGE-MIB repeats are dropped.
    expect(fdb).toHaveLength(6);
    expect(fdb[0]).toEqual({
      source: 'fdb',
      port: 'Gi1/0/1',
      portIndex: 1,
      mac: hostMac(1),
      vlan: HOST_VLAN,
    });
    expect(fdb.map((link) => link.port)).toEqual([
      'Gi1/0/1',
      'Gi1/0/2',
      'Gi1/0/3',
      'Gi1/0/4',
      'Gi1/0/5',
      'Gi1/0/6',
    ]);
    const arp = links.filter((link) => link.source === 'arp');
    expect(arp).toHaveLength(6);
    expect(arp[0]).toEqual({
      source: 'arp',
      port: `Vlan${HOST_VLAN}`,
      portIndex: VLAN_IF_INDEX,
      mac: hostMac(1),
      ip: '10.20.0.100',
    });
    expect(reading.linksTruncated).toBeUndefined();
  });
});

describe('drift: what changes the fingerprint and what does not', () => {
  it('a renamed port alias, an admin-down port and a new sysLocation are drift, with the right paths', async () => {
    const target = await sampleTarget(simulator);
    const before = await poll(target);
    simulator.setPort(3, { alias: 'spare - do not use' });
    simulator.setPort(5, { adminStatus: 2 });
    simulator.setSystem({ sysLocation: 'Hall C, cabinet 1' });
    const after = await poll(target, before.state);
    expect(after.snapshot.fingerprint).not.toBe(before.snapshot.fingerprint);
    expect(diffStates(before.state, after.state)).toEqual([
      { path: 'if[3].ifAlias', change: 'changed', before: '', after: 'spare - do not use' },
      { path: 'if[5].ifAdminStatus', change: 'changed', before: 'up', after: 'down' },
      {
        path: 'system.sysLocation',
        change: 'changed',
        before: 'Hall B, cabinet 4',
        after: 'Hall C, cabinet 1',
      },
    ]);
    simulator.setPort(3, { alias: '' });
    simulator.setPort(5, { adminStatus: 1 });
    simulator.setSystem({ sysLocation: 'Hall B, cabinet 4' });
  });

  it('a link going down, moving counters and clock jitter are not drift', async () => {
    const target = await sampleTarget(simulator);
    const before = await poll(target);
    simulator.setPort(2, { operStatus: 2, inOctets: 123_456, outOctets: 654_321 });
    simulator.shiftUptime(1_500);
    const after = await poll(target, before.state);
    expect(valueAt(after.reading, 'if[2].ifOperStatus')?.value).toBe('down');
    expect(diffStates(before.state, after.state)).toEqual([]);
    expect(after.snapshot.fingerprint).toBe(before.snapshot.fingerprint);
    simulator.setPort(2, { operStatus: 1 });
  });

  it('a reboot moves system.bootTime; a running-config change moves the CISCO-CONFIG-MAN-MIB stamp', async () => {
    const own = await startSnmpSimulator();
    try {
      const target = await sampleTarget(own);
      const before = await poll(target);
      own.changeRunningConfig();
      const changed = await poll(target, before.state);
      expect(diffStates(before.state, changed.state).map((change) => change.path)).toEqual([
        'cisco.ccmHistoryRunningLastChanged',
      ]);
      own.reboot();
      const rebooted = await poll(target, changed.state);
      const paths = diffStates(changed.state, rebooted.state).map((change) => change.path);
      expect(paths).toContain('system.bootTime');
      const bootTime = Date.parse(String(valueAt(rebooted.reading, 'system.bootTime')?.value));
      expect(Math.abs(bootTime - Date.now())).toBeLessThan(5_000);
    } finally {
      await own.close();
    }
  });
});
