/** What the simulated switch holds. Build one with `switchProfile()` and change it freely. */
export interface SwitchDevice {
  system: {
    sysDescr: string;
    sysObjectID: string;
    sysContact: string;
    sysName: string;
    sysLocation: string;
  };
  /** Uptime at start; sysUpTime then counts from there in real time. */
  uptimeMs: number;
  entities: SwitchEntity[];
  ports: SwitchPort[];
  lldpNeighbors: LldpNeighbor[];
  /** VLAN id -> Q-BRIDGE filtering database id (dot1qVlanCurrentTable). */
  vlans: { vlan: number; fdbId: number }[];
  fdb: FdbEntry[];
  arp: ArpEntry[];
  /** Also serve the forwarding table as BRIDGE-MIB dot1dTpFdbTable (default VLAN only, like most switches). */
  dot1dFdb: boolean;
  /** CISCO-CONFIG-MAN-MIB ccmHistory scalars, in sysUpTime ticks; omitted: the MIB is absent. */
  ciscoConfigMan?: { runningLastChanged: number; runningLastSaved: number; startupLastChanged: number };
}

export interface SwitchEntity {
  index: number;
  descr: string;
  /** entPhysicalClass: 3 chassis, 6 power supply, 7 fan, 9 module, 10 port, ... */
  class: number;
  name: string;
  containedIn: number;
  hardwareRev: string;
  firmwareRev: string;
  softwareRev: string;
  serial: string;
  mfgName: string;
  modelName: string;
}

export interface SwitchPort {
  ifIndex: number;
  /** The bridge port number (dot1dBasePort) this interface is, if it switches. */
  bridgePort?: number;
  descr: string;
  name: string;
  alias: string;
  /** IANAifType: 6 ethernetCsmacd, 53 propVirtual, 24 softwareLoopback. */
  type: number;
  speedBps: number;
  highSpeedMbps: number;
  /** `aa:bb:cc:dd:ee:ff`, or '' for none. */
  mac: string;
  /** 1 up, 2 down. */
  adminStatus: number;
  operStatus: number;
  inOctets: number;
  outOctets: number;
}

export interface LldpNeighbor {
  /**
   * lldpRemLocalPortNum. LLDP-MIB makes it the dot1dBasePort on a bridge, which is what this switch
   * does; lldpLocPortTable maps it to the port's ifName.
   */
  localPort: number;
  remIndex: number;
  /** 4 macAddress (chassisId is `aa:bb:..`), 7 local (text). */
  chassisIdSubtype: number;
  chassisId: string;
  /** 3 macAddress, 5 interfaceName, 7 local. */
  portIdSubtype: number;
  portId: string;
  portDesc: string;
  sysName: string;
  sysDesc: string;
  managementIp?: string;
}

export interface FdbEntry {
  mac: string;
  vlan: number;
  /** Bridge port number. */
  port: number;
  /** 3 learned, 4 self, 5 mgmt. */
  status: number;
}

export interface ArpEntry {
  ifIndex: number;
  ip: string;
  mac: string;
  /** 3 dynamic, 4 static. */
  type: number;
}

export type SnmpAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type SnmpPrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';

export interface SnmpSimulatorUser {
  name: string;
  level: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
  authProtocol?: SnmpAuthProtocol;
  authKey?: string;
  privProtocol?: SnmpPrivProtocol;
  privKey?: string;
}

export interface SnmpSimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: the OS picks a free UDP port (net-snmp itself would turn 0 into 161). */
  port?: number;
  /** v1/v2c communities with read-only access; default ['public']. */
  communities?: string[];
  /** v3 users with read-only access; default none. */
  users?: SnmpSimulatorUser[];
  /** Default `switchProfile()`: 48 ports. */
  device?: SwitchDevice;
}

export type SnmpPduName = 'Get' | 'GetNext' | 'GetBulk' | 'Set' | 'Other';

export interface RecordedSnmpRequest {
  type: SnmpPduName;
  version: '1' | '2c' | '3';
  /** The community, or the v3 user name. */
  securityName: string;
  /** The OIDs as they arrived (the start OIDs for GetNext and GetBulk). */
  oids: string[];
  nonRepeaters?: number;
  maxRepetitions?: number;
  /** A v3 engine discovery: an empty Get the client sends before its first real request. */
  discovery?: boolean;
  /** Date.now() when it arrived. */
  at: number;
}

/** A message net-snmp refused before dispatch: unknown community, bad v3 digest, unknown user... */
export interface RejectedSnmpMessage {
  reason: string;
  at: number;
}

export type SnmpFault =
  /** Record the request and never answer. */
  | { kind: 'timeout' }
  /** Answer correctly, `delayMs` later. */
  | { kind: 'slow'; delayMs: number }
  /** Answer with a datagram that is not SNMP at all. */
  | { kind: 'malformed' }
  /** Answer with this error-status (default 5, genErr). */
  | { kind: 'error'; status?: number };

export interface SnmpFaultOptions {
  /** How many requests the fault hits; default until cleared. */
  times?: number;
  /** Only requests whose first OID starts with this (e.g. a table's OID). */
  oidPrefix?: string;
}

export interface PortChange {
  name?: string;
  alias?: string;
  descr?: string;
  adminStatus?: number;
  operStatus?: number;
  speedBps?: number;
  highSpeedMbps?: number;
  inOctets?: number;
  outOctets?: number;
}

export type RawValueType =
  | 'OctetString'
  | 'Integer'
  | 'OID'
  | 'IpAddress'
  | 'Counter'
  | 'Gauge'
  | 'TimeTicks';

export interface SnmpSimulator {
  readonly host: string;
  readonly port: number;
  /** Every request dispatched, Set included, in arrival order (a snapshot copy). */
  readonly requests: readonly RecordedSnmpRequest[];
  /** Messages net-snmp refused before dispatch (wrong community, bad v3 key, unknown user, ...). */
  readonly rejected: readonly RejectedSnmpMessage[];
  /** Every UDP datagram that reached the socket, decodable or not. */
  datagramCount(): number;
  /** Requests that are not Get, GetNext or GetBulk (a v3 discovery counts as the Get it is). */
  writeRequests(): RecordedSnmpRequest[];
  clearRequests(): void;
  /** Resolves when `count` more requests (default 1) have been dispatched. Rejects after timeoutMs (default 5000). */
  waitForRequests(count?: number, timeoutMs?: number): Promise<void>;
  setSystem(change: Partial<SwitchDevice['system']>): void;
  setPort(ifIndex: number, change: PortChange): void;
  /** Resets sysUpTime to 0 (and bumps the v3 engine boots), as a power cycle does. */
  reboot(): void;
  /** Moves sysUpTime by `deltaMs` without a reboot: the clock jitter seen between polls. */
  shiftUptime(deltaMs: number): void;
  uptimeMs(): number;
  addFdbEntry(entry: FdbEntry): void;
  /** Marks the running config changed now (ccmHistoryRunningLastChanged = sysUpTime). */
  changeRunningConfig(): void;
  /** Replaces the type and value of an existing instance: hostile or broken device data. */
  setRaw(oid: string, type: RawValueType, value: string | number | Buffer): void;
  injectFault(fault: SnmpFault, options?: SnmpFaultOptions): void;
  clearFault(): void;
  /** Stops listening and cancels pending slow replies and waits; idempotent. */
  close(): Promise<void>;
}
