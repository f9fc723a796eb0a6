import {
  columnNumber,
  registerScalar,
  registerTable,
  type ScalarName,
  TABLES,
  type TableSpec,
  tableRow,
  typeCode,
} from './mib-tables.ts';
import type { NetSnmpMib } from './net-snmp.d.ts';
import type { FdbEntry, PortChange, RawValueType, SwitchDevice } from './types.ts';

export interface SwitchMib {
  setSystem(change: Partial<SwitchDevice['system']>): void;
  setPort(ifIndex: number, change: PortChange): void;
  addFdbEntry(entry: FdbEntry): void;
  setScalar(name: ScalarName, value: number | string): void;
  setRaw(oid: string, type: RawValueType, value: string | number | Buffer): void;
}

const PORT_COLUMNS: Record<keyof PortChange, [TableSpec, string]> = {
  descr: [TABLES.ifTable, 'ifDescr'],
  speedBps: [TABLES.ifTable, 'ifSpeed'],
  adminStatus: [TABLES.ifTable, 'ifAdminStatus'],
  operStatus: [TABLES.ifTable, 'ifOperStatus'],
  inOctets: [TABLES.ifTable, 'ifInOctets'],
  outOctets: [TABLES.ifTable, 'ifOutOctets'],
  name: [TABLES.ifXTable, 'ifName'],
  highSpeedMbps: [TABLES.ifXTable, 'ifHighSpeed'],
  alias: [TABLES.ifXTable, 'ifAlias'],
};

/** Registers the switch's MIB objects with net-snmp and fills them from `device`. */
export function buildSwitchMib(mib: NetSnmpMib, device: SwitchDevice, uptimeTicks: () => number): SwitchMib {
  for (const spec of Object.values(TABLES)) registerTable(mib, spec);
  // sysUpTime is computed when asked, so it moves in real time like a device's.
  registerScalar(mib, 'sysUpTime', (request) => {
    request.instanceNode.value = uptimeTicks();
    request.done();
  });
  mib.setScalarValue('sysUpTime', 0);
  for (const [name, value] of Object.entries(device.system)) {
    registerScalar(mib, name as ScalarName);
    mib.setScalarValue(name, value);
  }
  if (device.ciscoConfigMan) {
    const ccm = device.ciscoConfigMan;
    for (const [name, value] of [
      ['ccmHistoryRunningLastChanged', ccm.runningLastChanged],
      ['ccmHistoryRunningLastSaved', ccm.runningLastSaved],
      ['ccmHistoryStartupLastChanged', ccm.startupLastChanged],
    ] as const) {
      registerScalar(mib, name);
      mib.setScalarValue(name, value);
    }
  }
  fillInterfaces(mib, device);
  fillEntities(mib, device);
  fillLldp(mib, device);
  for (const { vlan, fdbId } of device.vlans) {
    addRow(mib, TABLES.dot1qVlanCurrentTable, {
      dot1qVlanTimeMark: 0,
      dot1qVlanIndex: vlan,
      dot1qVlanFdbId: fdbId,
    });
  }
  const addFdbEntry = (entry: FdbEntry) => {
    const fdbId = device.vlans.find((v) => v.vlan === entry.vlan)?.fdbId ?? entry.vlan;
    const address = macBytes(entry.mac);
    const values = { dot1qTpFdbAddress: address, dot1qTpFdbPort: entry.port, dot1qTpFdbStatus: entry.status };
    addRow(mib, TABLES.dot1qTpFdbTable, { ...values, dot1qFdbId: fdbId });
    // dot1dTpFdbTable is indexed by MAC alone: a MAC seen in two VLANs keeps its first entry.
    if (device.dot1dFdb && !mib.lookup(`${TABLES.dot1dTpFdbTable.oid}.2.${[...address].join('.')}`)) {
      addRow(mib, TABLES.dot1dTpFdbTable, {
        dot1dTpFdbAddress: address,
        dot1dTpFdbPort: entry.port,
        dot1dTpFdbStatus: entry.status,
      });
    }
  };
  for (const entry of device.fdb) addFdbEntry(entry);
  for (const entry of device.arp) {
    const mac = macBytes(entry.mac);
    addRow(mib, TABLES.ipNetToMediaTable, {
      ipNetToMediaIfIndex: entry.ifIndex,
      ipNetToMediaPhysAddress: mac,
      ipNetToMediaNetAddress: entry.ip,
      ipNetToMediaType: entry.type,
    });
    addRow(mib, TABLES.ipNetToPhysicalTable, {
      ipNetToPhysicalIfIndex: entry.ifIndex,
      ipNetToPhysicalNetAddressType: 1,
      ipNetToPhysicalNetAddress: Buffer.from(entry.ip.split('.').map(Number)),
      ipNetToPhysicalPhysAddress: mac,
      ipNetToPhysicalType: entry.type,
    });
  }

  return {
    setSystem(change) {
      for (const [name, value] of Object.entries(change)) mib.setScalarValue(name, value);
    },
    setPort(ifIndex, change) {
      if (!mib.lookup(`${TABLES.ifTable.oid}.1.${ifIndex}`))
        throw new RangeError(`no port with ifIndex ${ifIndex}`);
      for (const [field, value] of Object.entries(change)) {
        const [spec, column] = PORT_COLUMNS[field as keyof PortChange];
        mib.setTableSingleCell(spec.name, columnNumber(spec, column), [ifIndex], value);
      }
    },
    addFdbEntry,
    setScalar: (name, value) => mib.setScalarValue(name, value),
    setRaw(oid, type, value) {
      const node = mib.lookup(oid);
      if (!node || node.valueType === undefined) throw new RangeError(`no instance ${oid} to replace`);
      node.valueType = typeCode(type);
      node.value = value;
    },
  };
}

function fillInterfaces(mib: NetSnmpMib, device: SwitchDevice): void {
  for (const port of device.ports) {
    addRow(mib, TABLES.ifTable, {
      ifIndex: port.ifIndex,
      ifDescr: port.descr,
      ifType: port.type,
      ifSpeed: port.speedBps,
      ifPhysAddress: macBytes(port.mac),
      ifAdminStatus: port.adminStatus,
      ifOperStatus: port.operStatus,
      ifInOctets: port.inOctets,
      ifOutOctets: port.outOctets,
    });
    addRow(
      mib,
      TABLES.ifXTable,
      { ifName: port.name, ifHighSpeed: port.highSpeedMbps, ifAlias: port.alias },
      [port.ifIndex],
    );
    if (port.bridgePort !== undefined) {
      addRow(mib, TABLES.dot1dBasePortTable, {
        dot1dBasePort: port.bridgePort,
        dot1dBasePortIfIndex: port.ifIndex,
      });
    }
  }
}

function fillEntities(mib: NetSnmpMib, device: SwitchDevice): void {
  for (const e of device.entities) {
    addRow(mib, TABLES.entPhysicalTable, {
      entPhysicalIndex: e.index,
      entPhysicalDescr: e.descr,
      entPhysicalContainedIn: e.containedIn,
      entPhysicalClass: e.class,
      entPhysicalName: e.name,
      entPhysicalHardwareRev: e.hardwareRev,
      entPhysicalFirmwareRev: e.firmwareRev,
      entPhysicalSoftwareRev: e.softwareRev,
      entPhysicalSerialNum: e.serial,
      entPhysicalMfgName: e.mfgName,
      entPhysicalModelName: e.modelName,
    });
  }
}

function fillLldp(mib: NetSnmpMib, device: SwitchDevice): void {
  for (const n of device.lldpNeighbors) {
    const key = { lldpRemTimeMark: 0, lldpRemLocalPortNum: n.localPort, lldpRemIndex: n.remIndex };
    addRow(mib, TABLES.lldpRemTable, {
      ...key,
      lldpRemChassisIdSubtype: n.chassisIdSubtype,
      lldpRemChassisId: n.chassisIdSubtype === 4 ? macBytes(n.chassisId) : n.chassisId,
      lldpRemPortIdSubtype: n.portIdSubtype,
      lldpRemPortId: n.portIdSubtype === 3 ? macBytes(n.portId) : n.portId,
      lldpRemPortDesc: n.portDesc,
      lldpRemSysName: n.sysName,
      lldpRemSysDesc: n.sysDesc,
    });
    if (n.managementIp) {
      addRow(mib, TABLES.lldpRemManAddrTable, {
        manAddrTimeMark: 0,
        manAddrLocalPortNum: n.localPort,
        manAddrRemIndex: n.remIndex,
        // AddressFamilyNumbers ipV4(1); the interface is given by ifIndex (2), 0 = unknown.
        lldpRemManAddrSubtype: 1,
        lldpRemManAddr: Buffer.from(n.managementIp.split('.').map(Number)),
        lldpRemManAddrIfSubtype: 2,
        lldpRemManAddrIfId: 0,
      });
    }
  }
}

function addRow(
  mib: NetSnmpMib,
  spec: TableSpec,
  values: Record<string, unknown>,
  augmentedIndex?: unknown[],
) {
  mib.addTableRow(spec.name, tableRow(spec, values, augmentedIndex));
}

export function macBytes(mac: string): Buffer {
  if (mac === '') return Buffer.alloc(0);
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac)) throw new RangeError(`not a MAC address: ${mac}`);
  return Buffer.from(mac.split(':').map((byte) => Number.parseInt(byte, 16)));
}
