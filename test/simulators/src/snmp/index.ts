/**
 * The SNMP simulator: an in-process agent (net-snmp's createAgent) that looks like a managed
 * industrial switch (system group, ENTITY-MIB, IF-MIB, LLDP-MIB, BRIDGE-MIB and Q-BRIDGE forwarding
 * tables, IP-MIB ARP tables, CISCO-CONFIG-MAN-MIB history). It records every request it dispatches,
 * refuses every Set, changes on demand (rename a port, reboot) and injects faults.
 */
export { startSnmpSimulator } from './simulator.ts';
export {
  HOST_VLAN,
  hostIp,
  hostMac,
  type SwitchProfileOptions,
  switchProfile,
  VLAN_IF_INDEX,
} from './switch-profile.ts';
export type {
  ArpEntry,
  FdbEntry,
  LldpNeighbor,
  PortChange,
  RawValueType,
  RecordedSnmpRequest,
  RejectedSnmpMessage,
  SnmpFault,
  SnmpFaultOptions,
  SnmpSimulator,
  SnmpSimulatorOptions,
  SnmpSimulatorUser,
  SwitchDevice,
  SwitchEntity,
  SwitchPort,
} from './types.ts';
