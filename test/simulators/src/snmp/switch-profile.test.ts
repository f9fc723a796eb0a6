import { describe, expect, it } from 'vitest';
import { HOST_VLAN, hostIp, hostMac, switchProfile, VLAN_IF_INDEX } from './switch-profile.ts';

describe('switchProfile', () => {
  it('builds 48 ports, the last four 10G, plus the VLAN interface, with six learned hosts', () => {
    const device = switchProfile();
    expect(device.ports).toHaveLength(49);
    expect(device.ports.filter((port) => port.highSpeedMbps === 10_000).map((port) => port.name)).toEqual([
      'Te1/0/45',
      'Te1/0/46',
      'Te1/0/47',
      'Te1/0/48',
    ]);
    expect(device.ports.at(-1)).toMatchObject({
      ifIndex: VLAN_IF_INDEX,
      name: `Vlan${HOST_VLAN}`,
      bridgePort: undefined,
    });
    expect(device.fdb.filter((entry) => entry.status === 3).map((entry) => entry.mac)).toEqual(
      [1, 2, 3, 4, 5, 6].map(hostMac),
    );
    expect(device.arp.map((entry) => entry.ip)).toEqual([1, 2, 3, 4, 5, 6].map(hostIp));
    expect(device.entities.filter((entity) => entity.class === 3)).toHaveLength(1);
  });

  it('offsets ifIndex but not bridge or LLDP port numbers, and scales hosts past 255', () => {
    const device = switchProfile({ ports: 8, ifIndexBase: 100, hosts: 300, ciscoConfigMan: false });
    expect(device.ports[0]).toMatchObject({ ifIndex: 101, bridgePort: 1 });
    expect(device.lldpNeighbors.map((neighbor) => neighbor.localPort)).toEqual([1, 8]);
    expect(device.fdb).toHaveLength(301);
    expect(new Set(device.fdb.map((entry) => entry.mac)).size).toBe(301);
    expect(hostIp(300)).toBe('10.20.1.143');
    expect(device.ciscoConfigMan).toBeUndefined();
  });
  it('gives every port of a large switch a valid, unique MAC', () => {
    const { ports } = switchProfile({ ports: 400 });
    const macs = ports.map((port) => port.mac);
    expect(macs.every((mac) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac))).toBe(true);
    expect(new Set(macs).size).toBe(macs.length);
  });
});
