import type { Link } from '@plantwatch/protocol';
import { asMac, asNumber, asText, indexArcs, ipFromArcs, macFromBytes, textOrHex } from './decode.ts';
import { LLDP_LOC_PORT, LLDP_REM, LLDP_REM_MAN_ADDR } from './oids.ts';
import { type PortNames, portOf } from './read-interfaces.ts';
import type { SnmpReader } from './read-only-client.ts';
import type { SnmpVarbind } from './varbind.ts';

/** LldpChassisIdSubtype macAddress(4), networkAddress(5); LldpPortIdSubtype macAddress(3), networkAddress(4). */
const CHASSIS_MAC = 4;
const CHASSIS_NETWORK = 5;
const PORT_MAC = 3;
const PORT_NETWORK = 4;

/**
 * LLDP neighbours as links: who is on the other end of which port, with the name, port and
 * chassis id it advertises and its management address when it gives one. The rows are indexed by
 * lldpRemTimeMark.lldpRemLocalPortNum.lldpRemIndex.
 */
export async function readLldp(
  reader: SnmpReader,
  options: { maxRows: number; ports: PortNames; bridgePorts: Map<number, number> },
): Promise<{ links: Link[]; truncated: boolean }> {
  const local = await reader.table(Object.values(LLDP_LOC_PORT), options.maxRows);
  const remote = await reader.table(Object.values(LLDP_REM), options.maxRows);
  const addresses = await reader.table(Object.values(LLDP_REM_MAN_ADDR), options.maxRows);
  const localIds = new Map<number, string>();
  for (const [index, row] of local.rows) {
    const id = asText(row.lldpLocPortId);
    if (id) localIds.set(Number(index), id);
  }
  const managementIps = new Map<string, string>();
  for (const index of addresses.rows.keys()) {
    // timeMark.localPort.remIndex.addressSubtype.length.address...; ipV4(1) and ipV6(2) only.
    const arcs = indexArcs(index);
    if (!arcs || arcs.length < 5 || arcs[4] !== arcs.length - 5) continue;
    const ip = [1, 2].includes(arcs[3] ?? 0) ? ipFromArcs(arcs.slice(5)) : undefined;
    const key = arcs.slice(0, 3).join('.');
    if (ip && !managementIps.has(key)) managementIps.set(key, ip);
  }
  const links: Link[] = [];
  for (const [index, row] of remote.rows) {
    const arcs = indexArcs(index);
    if (arcs?.length !== 3) continue;
    const localPort = arcs[1] ?? 0;
    const ifIndex = localIfIndex(localPort, localIds, options);
    const chassisSubtype = asNumber(row.lldpRemChassisIdSubtype);
    const chassis = identifier(
      row.lldpRemChassisId,
      chassisSubtype === CHASSIS_MAC,
      chassisSubtype === CHASSIS_NETWORK,
    );
    const portSubtype = asNumber(row.lldpRemPortIdSubtype);
    const remotePort = identifier(row.lldpRemPortId, portSubtype === PORT_MAC, portSubtype === PORT_NETWORK);
    const chassisMac = chassisSubtype === CHASSIS_MAC ? asMac(row.lldpRemChassisId) : undefined;
    const remoteName = asText(row.lldpRemSysName);
    const ip = managementIps.get(index);
    links.push({
      source: 'lldp',
      ...(ifIndex === undefined ? unresolvedPort(localIds.get(localPort)) : portOf(ifIndex, options.ports)),
      ...(chassisMac ? { mac: chassisMac } : {}),
      ...(ip ? { ip } : {}),
      ...(remoteName ? { remoteName } : {}),
      ...(remotePort ? { remotePort } : {}),
      ...(chassis ? { remoteChassis: chassis } : {}),
    });
  }
  return { links, truncated: local.truncated || remote.truncated || addresses.truncated };
}

/**
 * lldpRemLocalPortNum is an LldpPortNumber, which "has no mandatory relationship to an ifIndex"
 * but on a bridge equals the dot1dBasePort (LLDP-MIB). So: the interface whose name the local port
 * id gives, else the bridge port's interface, else an interface with that number.
 */
function localIfIndex(
  localPort: number,
  localIds: Map<number, string>,
  options: { ports: PortNames; bridgePorts: Map<number, number> },
): number | undefined {
  const id = localIds.get(localPort);
  if (id) {
    for (const [ifIndex, port] of options.ports) if (port.name === id || port.descr === id) return ifIndex;
  }
  return options.bridgePorts.get(localPort) ?? (options.ports.has(localPort) ? localPort : undefined);
}

function unresolvedPort(localId: string | undefined): { port?: string } {
  return localId ? { port: localId } : {};
}

/** A chassis or port id by its subtype: a MAC, a network address (IANA family byte + address), or text. */
function identifier(
  varbind: SnmpVarbind | undefined,
  isMac: boolean,
  isNetwork: boolean,
): string | undefined {
  if (varbind?.kind !== 'octets' || !Buffer.isBuffer(varbind.value) || varbind.value.length === 0)
    return undefined;
  const bytes = varbind.value;
  if (isMac) return macFromBytes(bytes) ?? textOrHex(bytes);
  if (isNetwork && [1, 2].includes(bytes[0] ?? 0))
    return ipFromArcs([...bytes.subarray(1)]) ?? textOrHex(bytes);
  return textOrHex(bytes) || undefined;
}
