import type { FdbEntry, LldpNeighbor, SwitchDevice, SwitchPort } from './types.ts';

export interface SwitchProfileOptions {
  /** Physical ports, default 48 (the last four are 10G uplinks). */
  ports?: number;
  /** ifIndex of port n is ifIndexBase + n (bridge port n stays n), default 0. */
  ifIndexBase?: number;
  /** Learned hosts spread over the access ports, each also in the ARP table; default 6. */
  hosts?: number;
  /** Serve CISCO-CONFIG-MAN-MIB ccmHistory; default true. */
  ciscoConfigMan?: boolean;
}

/** The VLAN the hosts live in, its interface, and that interface's ifIndex. */
export const HOST_VLAN = 10;
export const VLAN_IF_INDEX = 5010;
const SWITCH_MAC = '00:1b:54:00:10:00';

/** A plausible industrial access switch with a PLC and a core switch as LLDP neighbours. */
export function switchProfile(options: SwitchProfileOptions = {}): SwitchDevice {
  const portCount = options.ports ?? 48;
  const base = options.ifIndexBase ?? 0;
  const ports: SwitchPort[] = [];
  for (let n = 1; n <= portCount; n += 1) ports.push(physicalPort(n, base, n > portCount - 4));
  ports.push({
    ...physicalPort(0, 0, false),
    ifIndex: VLAN_IF_INDEX,
    bridgePort: undefined,
    descr: `Vlan${HOST_VLAN}`,
    name: `Vlan${HOST_VLAN}`,
    type: 53,
    mac: SWITCH_MAC,
  });
  const hostCount = options.hosts ?? 6;
  const fdb: FdbEntry[] = [{ mac: SWITCH_MAC, vlan: HOST_VLAN, port: 0, status: 4 }];
  for (let h = 1; h <= hostCount; h += 1) {
    fdb.push({
      mac: hostMac(h),
      vlan: HOST_VLAN,
      port: 1 + ((h - 1) % Math.max(1, portCount - 4)),
      status: 3,
    });
  }
  const uplink = portCount;
  const lldpNeighbors: LldpNeighbor[] = [
    {
      localPort: 1,
      remIndex: 1,
      chassisIdSubtype: 4,
      chassisId: '00:0e:8c:12:34:56',
      portIdSubtype: 7,
      portId: 'X1 P1',
      portDesc: 'PROFINET port 1',
      sysName: 'press-01',
      sysDesc: 'Halvorsen PX-400 press controller',
    },
    {
      localPort: uplink,
      remIndex: 2,
      chassisIdSubtype: 4,
      chassisId: '00:1b:54:ff:00:01',
      portIdSubtype: 5,
      portId: 'Te1/1/1',
      portDesc: 'to line 2 access',
      sysName: 'core-sw-1',
      sysDesc: 'Kestrel KX-9500 core switch',
      managementIp: '10.20.0.1',
    },
  ];
  return {
    system: {
      sysDescr: 'Kestrel Industrial Networks KX-2948G, firmware 4.2.1 (build 1187)',
      sysObjectID: '1.3.6.1.4.1.9.1.2948',
      sysContact: 'ot-network@plant.example',
      sysName: 'line2-access-1',
      sysLocation: 'Hall B, cabinet 4',
    },
    uptimeMs: 3 * 86_400_000,
    entities: [
      entity(1, 3, 0, 'KX-2948G chassis', 'Chassis', 'KX48-2024-0001187'),
      entity(2, 9, 1, 'Uplink module 4x10G', 'Module 1', 'KXM4-2024-0000412'),
      entity(3, 6, 1, 'Power supply 150 W', 'PSU 1', 'KXP1-2023-0009931'),
      ...[1, 2, 3, 4].map((n) => entity(100 + n, 10, 1, `Port ${n}`, `Gi1/0/${n}`, '')),
    ],
    ports,
    lldpNeighbors,
    vlans: [{ vlan: HOST_VLAN, fdbId: 1 }],
    fdb,
    arp: fdb
      .filter((entry) => entry.status === 3)
      .map((entry, index) => ({
        ifIndex: VLAN_IF_INDEX,
        ip: hostIp(index + 1),
        mac: entry.mac,
        type: 3,
      })),
    dot1dFdb: true,
    ...(options.ciscoConfigMan === false
      ? {}
      : {
          ciscoConfigMan: { runningLastChanged: 4_200, runningLastSaved: 4_300, startupLastChanged: 4_300 },
        }),
  };
}

/** Host n (from 1) lives at 10.20.0.100 and up. */
export function hostIp(n: number): string {
  const offset = 99 + n;
  return `10.20.${offset >> 8}.${offset & 0xff}`;
}

export function hostMac(n: number): string {
  return `02:00:00:aa:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
}

/** 00:1b:54:00:10:nn for ports up to 255, then the fifth byte counts up: unique up to 60,000 ports. */
function portMac(n: number): string {
  const hex = (byte: number) => byte.toString(16).padStart(2, '0');
  return `00:1b:54:00:${hex(0x10 + (n >> 8))}:${hex(n & 0xff)}`;
}

function physicalPort(n: number, base: number, uplink: boolean): SwitchPort {
  return {
    ifIndex: base + n,
    bridgePort: n,
    descr: `${uplink ? 'TenGigabitEthernet' : 'GigabitEthernet'}1/0/${n}`,
    name: `${uplink ? 'Te' : 'Gi'}1/0/${n}`,
    alias: n === 1 ? 'PLC press-01' : '',
    type: 6,
    // ifSpeed is a Gauge32: a 10G port saturates it, which is why ifHighSpeed exists.
    speedBps: uplink ? 4_294_967_295 : 1_000_000_000,
    highSpeedMbps: uplink ? 10_000 : 1_000,
    mac: portMac(n),
    adminStatus: 1,
    operStatus: n <= 8 || uplink ? 1 : 2,
    inOctets: 1_000 * n,
    outOctets: 2_000 * n,
  };
}

function entity(
  index: number,
  cls: number,
  containedIn: number,
  descr: string,
  name: string,
  serial: string,
) {
  const chassis = cls === 3;
  return {
    index,
    descr,
    class: cls,
    name,
    containedIn,
    hardwareRev: chassis ? 'B0' : cls === 10 ? '' : 'A1',
    firmwareRev: chassis ? '1.04' : '',
    softwareRev: chassis ? '4.2.1' : '',
    serial,
    mfgName: cls === 10 ? '' : 'Kestrel Industrial Networks',
    modelName: chassis ? 'KX-2948G' : cls === 9 ? 'KXM-4X10G' : cls === 6 ? 'KXP-150' : '',
  };
}
