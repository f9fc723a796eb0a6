/**
 * Every OID the collector reads, with the MIB it comes from. Tables are read column by column,
 * so only the columns listed here are ever requested (no counters, no whole-table walks).
 */
export const SYSTEM = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysContact: '1.3.6.1.2.1.1.4.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  sysLocation: '1.3.6.1.2.1.1.6.0',
} as const;

/** CISCO-CONFIG-MAN-MIB ccmHistory: sysUpTime stamps of the last config changes and saves. */
export const CISCO_CONFIG_HISTORY = {
  ccmHistoryRunningLastChanged: '1.3.6.1.4.1.9.9.43.1.1.1.0',
  ccmHistoryRunningLastSaved: '1.3.6.1.4.1.9.9.43.1.1.2.0',
  ccmHistoryStartupLastChanged: '1.3.6.1.4.1.9.9.43.1.1.3.0',
} as const;

/** A table column: the entry OID plus the column number. */
export interface Column {
  name: string;
  oid: string;
}

function columns<T extends Record<string, number>>(entry: string, numbers: T): { [K in keyof T]: Column } {
  return Object.fromEntries(
    Object.entries(numbers).map(([name, number]) => [name, { name, oid: `${entry}.${number}` }]),
  ) as { [K in keyof T]: Column };
}

/** ENTITY-MIB entPhysicalEntry. */
export const ENT_PHYSICAL = columns('1.3.6.1.2.1.47.1.1.1.1', {
  entPhysicalDescr: 2,
  entPhysicalClass: 5,
  entPhysicalName: 7,
  entPhysicalHardwareRev: 8,
  entPhysicalFirmwareRev: 9,
  entPhysicalSoftwareRev: 10,
  entPhysicalSerialNum: 11,
  entPhysicalMfgName: 12,
  entPhysicalModelName: 13,
});

/** IF-MIB ifEntry (counters left out on purpose) and ifXEntry. */
export const IF_TABLE = columns('1.3.6.1.2.1.2.2.1', {
  ifDescr: 2,
  ifType: 3,
  ifSpeed: 5,
  ifPhysAddress: 6,
  ifAdminStatus: 7,
  ifOperStatus: 8,
});
export const IF_X_TABLE = columns('1.3.6.1.2.1.31.1.1.1', { ifName: 1, ifHighSpeed: 15, ifAlias: 18 });

/** LLDP-MIB (IEEE 802.1AB-2005): local port ids, remote systems and their management addresses. */
export const LLDP_LOC_PORT = columns('1.0.8802.1.1.2.1.3.7.1', { lldpLocPortId: 3 });
export const LLDP_REM = columns('1.0.8802.1.1.2.1.4.1.1', {
  lldpRemChassisIdSubtype: 4,
  lldpRemChassisId: 5,
  lldpRemPortIdSubtype: 6,
  lldpRemPortId: 7,
  lldpRemSysName: 9,
});
export const LLDP_REM_MAN_ADDR = columns('1.0.8802.1.1.2.1.4.2.1', { lldpRemManAddrIfSubtype: 3 });

/** BRIDGE-MIB: bridge port -> ifIndex, and the forwarding table of the default VLAN. */
export const DOT1D_BASE_PORT = columns('1.3.6.1.2.1.17.1.4.1', { dot1dBasePortIfIndex: 2 });
export const DOT1D_TP_FDB = columns('1.3.6.1.2.1.17.4.3.1', { dot1dTpFdbPort: 2, dot1dTpFdbStatus: 3 });

/** Q-BRIDGE-MIB: the forwarding table of every VLAN, and VLAN -> filtering database id. */
export const DOT1Q_TP_FDB = columns('1.3.6.1.2.1.17.7.1.2.2.1', { dot1qTpFdbPort: 2, dot1qTpFdbStatus: 3 });
export const DOT1Q_VLAN_CURRENT = columns('1.3.6.1.2.1.17.7.1.4.2.1', { dot1qVlanFdbId: 3 });

/** IP-MIB: ipNetToPhysicalTable (RFC 4293, IPv4 and IPv6) and the older ipNetToMediaTable (IPv4). */
export const IP_NET_TO_PHYSICAL = columns('1.3.6.1.2.1.4.35.1', { ipNetToPhysicalPhysAddress: 4 });
export const IP_NET_TO_MEDIA = columns('1.3.6.1.2.1.4.22.1', { ipNetToMediaPhysAddress: 2 });
