import { snmp } from './load-net-snmp.ts';
import type { NetSnmpMib, NetSnmpProvider } from './net-snmp.d.ts';

/**
 * The MIB objects the simulated switch serves, as net-snmp providers. Every object is read-only.
 * Index objects that are not-accessible in the real MIB are declared as columns numbered 100 and up:
 * net-snmp needs a column to build the row index from, and never serves a not-accessible index.
 */
type TypeName = 'Integer' | 'OctetString' | 'OID' | 'IpAddress' | 'Counter' | 'Gauge' | 'TimeTicks';
type Column = [number: number, name: string, type: TypeName, access?: 'na'];

export interface TableSpec {
  name: string;
  /** The entry OID (`...Table.1`), as net-snmp wants it. */
  oid: string;
  columns: Column[];
  /** Index column names; `{ name, length }` fixes an OCTET STRING's size (a MAC: no length prefix). */
  index?: (string | { name: string; length: number })[];
  augments?: string;
}

export const SCALARS = {
  sysDescr: ['1.3.6.1.2.1.1.1', 'OctetString'],
  sysObjectID: ['1.3.6.1.2.1.1.2', 'OID'],
  sysUpTime: ['1.3.6.1.2.1.1.3', 'TimeTicks'],
  sysContact: ['1.3.6.1.2.1.1.4', 'OctetString'],
  sysName: ['1.3.6.1.2.1.1.5', 'OctetString'],
  sysLocation: ['1.3.6.1.2.1.1.6', 'OctetString'],
  ccmHistoryRunningLastChanged: ['1.3.6.1.4.1.9.9.43.1.1.1', 'TimeTicks'],
  ccmHistoryRunningLastSaved: ['1.3.6.1.4.1.9.9.43.1.1.2', 'TimeTicks'],
  ccmHistoryStartupLastChanged: ['1.3.6.1.4.1.9.9.43.1.1.3', 'TimeTicks'],
} as const satisfies Record<string, readonly [string, TypeName]>;
export type ScalarName = keyof typeof SCALARS;

export const TABLES = {
  ifTable: {
    name: 'ifTable',
    oid: '1.3.6.1.2.1.2.2.1',
    columns: [
      [1, 'ifIndex', 'Integer'],
      [2, 'ifDescr', 'OctetString'],
      [3, 'ifType', 'Integer'],
      [5, 'ifSpeed', 'Gauge'],
      [6, 'ifPhysAddress', 'OctetString'],
      [7, 'ifAdminStatus', 'Integer'],
      [8, 'ifOperStatus', 'Integer'],
      [10, 'ifInOctets', 'Counter'],
      [16, 'ifOutOctets', 'Counter'],
    ],
    index: ['ifIndex'],
  },
  ifXTable: {
    name: 'ifXTable',
    oid: '1.3.6.1.2.1.31.1.1.1',
    columns: [
      [1, 'ifName', 'OctetString'],
      [15, 'ifHighSpeed', 'Gauge'],
      [18, 'ifAlias', 'OctetString'],
    ],
    augments: 'ifTable',
  },
  entPhysicalTable: {
    name: 'entPhysicalTable',
    oid: '1.3.6.1.2.1.47.1.1.1.1',
    columns: [
      [1, 'entPhysicalIndex', 'Integer', 'na'],
      [2, 'entPhysicalDescr', 'OctetString'],
      [4, 'entPhysicalContainedIn', 'Integer'],
      [5, 'entPhysicalClass', 'Integer'],
      [7, 'entPhysicalName', 'OctetString'],
      [8, 'entPhysicalHardwareRev', 'OctetString'],
      [9, 'entPhysicalFirmwareRev', 'OctetString'],
      [10, 'entPhysicalSoftwareRev', 'OctetString'],
      [11, 'entPhysicalSerialNum', 'OctetString'],
      [12, 'entPhysicalMfgName', 'OctetString'],
      [13, 'entPhysicalModelName', 'OctetString'],
    ],
    index: ['entPhysicalIndex'],
  },
  lldpLocPortTable: {
    name: 'lldpLocPortTable',
    oid: '1.0.8802.1.1.2.1.3.7.1',
    columns: [
      [1, 'lldpLocPortNum', 'Integer', 'na'],
      [2, 'lldpLocPortIdSubtype', 'Integer'],
      [3, 'lldpLocPortId', 'OctetString'],
      [4, 'lldpLocPortDesc', 'OctetString'],
    ],
    index: ['lldpLocPortNum'],
  },
  lldpRemTable: {
    name: 'lldpRemTable',
    oid: '1.0.8802.1.1.2.1.4.1.1',
    columns: [
      [1, 'lldpRemTimeMark', 'TimeTicks', 'na'],
      [2, 'lldpRemLocalPortNum', 'Integer', 'na'],
      [3, 'lldpRemIndex', 'Integer', 'na'],
      [4, 'lldpRemChassisIdSubtype', 'Integer'],
      [5, 'lldpRemChassisId', 'OctetString'],
      [6, 'lldpRemPortIdSubtype', 'Integer'],
      [7, 'lldpRemPortId', 'OctetString'],
      [8, 'lldpRemPortDesc', 'OctetString'],
      [9, 'lldpRemSysName', 'OctetString'],
      [10, 'lldpRemSysDesc', 'OctetString'],
    ],
    index: ['lldpRemTimeMark', 'lldpRemLocalPortNum', 'lldpRemIndex'],
  },
  lldpRemManAddrTable: {
    name: 'lldpRemManAddrTable',
    oid: '1.0.8802.1.1.2.1.4.2.1',
    columns: [
      [1, 'lldpRemManAddrSubtype', 'Integer', 'na'],
      [2, 'lldpRemManAddr', 'OctetString', 'na'],
      [3, 'lldpRemManAddrIfSubtype', 'Integer'],
      [4, 'lldpRemManAddrIfId', 'Integer'],
      [101, 'manAddrTimeMark', 'TimeTicks', 'na'],
      [102, 'manAddrLocalPortNum', 'Integer', 'na'],
      [103, 'manAddrRemIndex', 'Integer', 'na'],
    ],
    index: [
      'manAddrTimeMark',
      'manAddrLocalPortNum',
      'manAddrRemIndex',
      'lldpRemManAddrSubtype',
      'lldpRemManAddr',
    ],
  },
  dot1dBasePortTable: {
    name: 'dot1dBasePortTable',
    oid: '1.3.6.1.2.1.17.1.4.1',
    columns: [
      [1, 'dot1dBasePort', 'Integer'],
      [2, 'dot1dBasePortIfIndex', 'Integer'],
    ],
    index: ['dot1dBasePort'],
  },
  dot1dTpFdbTable: {
    name: 'dot1dTpFdbTable',
    oid: '1.3.6.1.2.1.17.4.3.1',
    columns: [
      [1, 'dot1dTpFdbAddress', 'OctetString'],
      [2, 'dot1dTpFdbPort', 'Integer'],
      [3, 'dot1dTpFdbStatus', 'Integer'],
    ],
    index: [{ name: 'dot1dTpFdbAddress', length: 6 }],
  },
  dot1qTpFdbTable: {
    name: 'dot1qTpFdbTable',
    oid: '1.3.6.1.2.1.17.7.1.2.2.1',
    columns: [
      [1, 'dot1qTpFdbAddress', 'OctetString', 'na'],
      [2, 'dot1qTpFdbPort', 'Integer'],
      [3, 'dot1qTpFdbStatus', 'Integer'],
      [100, 'dot1qFdbId', 'Gauge', 'na'],
    ],
    index: ['dot1qFdbId', { name: 'dot1qTpFdbAddress', length: 6 }],
  },
  dot1qVlanCurrentTable: {
    name: 'dot1qVlanCurrentTable',
    oid: '1.3.6.1.2.1.17.7.1.4.2.1',
    columns: [
      [1, 'dot1qVlanTimeMark', 'TimeTicks', 'na'],
      [2, 'dot1qVlanIndex', 'Gauge', 'na'],
      [3, 'dot1qVlanFdbId', 'Gauge'],
    ],
    index: ['dot1qVlanTimeMark', 'dot1qVlanIndex'],
  },
  ipNetToMediaTable: {
    name: 'ipNetToMediaTable',
    oid: '1.3.6.1.2.1.4.22.1',
    columns: [
      [1, 'ipNetToMediaIfIndex', 'Integer'],
      [2, 'ipNetToMediaPhysAddress', 'OctetString'],
      [3, 'ipNetToMediaNetAddress', 'IpAddress'],
      [4, 'ipNetToMediaType', 'Integer'],
    ],
    index: ['ipNetToMediaIfIndex', 'ipNetToMediaNetAddress'],
  },
  ipNetToPhysicalTable: {
    name: 'ipNetToPhysicalTable',
    oid: '1.3.6.1.2.1.4.35.1',
    columns: [
      [1, 'ipNetToPhysicalIfIndex', 'Integer', 'na'],
      [2, 'ipNetToPhysicalNetAddressType', 'Integer', 'na'],
      [3, 'ipNetToPhysicalNetAddress', 'OctetString', 'na'],
      [4, 'ipNetToPhysicalPhysAddress', 'OctetString'],
      [6, 'ipNetToPhysicalType', 'Integer'],
    ],
    index: ['ipNetToPhysicalIfIndex', 'ipNetToPhysicalNetAddressType', 'ipNetToPhysicalNetAddress'],
  },
} as const satisfies Record<string, TableSpec>;
export type TableName = keyof typeof TABLES;

export function typeCode(type: TypeName): number {
  return snmp.ObjectType[type];
}

export function registerScalar(
  mib: NetSnmpMib,
  name: ScalarName,
  handler?: NetSnmpProvider['handler'],
): void {
  const [oid, type] = SCALARS[name];
  mib.registerProvider({
    name,
    type: snmp.MibProviderType.Scalar,
    oid,
    scalarType: typeCode(type),
    maxAccess: snmp.MaxAccess['read-only'],
    ...(handler ? { handler } : {}),
  });
}

export function registerTable(mib: NetSnmpMib, spec: TableSpec): void {
  mib.registerProvider({
    name: spec.name,
    type: snmp.MibProviderType.Table,
    oid: spec.oid,
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: spec.columns.map(([number, name, type, access]) => ({
      number,
      name,
      type: typeCode(type),
      maxAccess: access === 'na' ? snmp.MaxAccess['not-accessible'] : snmp.MaxAccess['read-only'],
    })),
    ...(spec.augments
      ? { tableAugments: spec.augments }
      : {
          tableIndex: (spec.index ?? []).map((part) =>
            typeof part === 'string' ? { columnName: part } : { columnName: part.name, length: part.length },
          ),
        }),
  });
}

/** A row in net-snmp's order: augmented index values first, then every column in declared order. */
export function tableRow(
  spec: TableSpec,
  values: Record<string, unknown>,
  augmentedIndex: unknown[] = [],
): unknown[] {
  return [
    ...augmentedIndex,
    ...spec.columns.map(([, name]) => {
      if (!(name in values)) throw new Error(`${spec.name}: no value for ${name}`);
      return values[name];
    }),
  ];
}

export function columnNumber(spec: TableSpec, name: string): number {
  const column = spec.columns.find(([, columnName]) => columnName === name);
  if (!column) throw new Error(`${spec.name} has no column ${name}`);
  return column[0];
}
