import type { Link } from '@plantwatch/protocol';
import { asNumber, indexArcs, isHostMac, macFromBytes } from './decode.ts';
import { DOT1D_BASE_PORT, DOT1D_TP_FDB, DOT1Q_TP_FDB, DOT1Q_VLAN_CURRENT } from './oids.ts';
import { type PortNames, portOf } from './read-interfaces.ts';
import type { SnmpReader } from './read-only-client.ts';

/** dot1dTpFdbStatus / dot1qTpFdbStatus: invalid(2) is stale, self(4) is the switch's own MAC. */
const NOT_A_HOST = new Set([2, 4]);

/** BRIDGE-MIB dot1dBasePortTable: bridge port number -> ifIndex. */
export async function readBridgePorts(
  reader: SnmpReader,
  maxRows: number,
): Promise<{ bridgePorts: Map<number, number>; truncated: boolean }> {
  const { rows, truncated } = await reader.table(Object.values(DOT1D_BASE_PORT), maxRows);
  const bridgePorts = new Map<number, number>();
  for (const [index, row] of rows) {
    const ifIndex = asNumber(row.dot1dBasePortIfIndex);
    if (ifIndex !== undefined && ifIndex > 0) bridgePorts.set(Number(index), ifIndex);
  }
  return { bridgePorts, truncated };
}

/**
 * Forwarding tables as links: which MAC the switch learned on which port. Q-BRIDGE-MIB covers every
 * VLAN (rows indexed by filtering database id and MAC; dot1qVlanCurrentTable maps the FDB id back
 * to a VLAN); the older BRIDGE-MIB table usually covers only the default VLAN, and adds what
 * Q-BRIDGE did not already report. Ports are bridge port numbers, mapped to interfaces.
 */
export async function readForwarding(
  reader: SnmpReader,
  options: { maxRows: number; ports: PortNames; bridgePorts: Map<number, number> },
): Promise<{ links: Link[]; truncated: boolean }> {
  const vlanTable = await reader.table(Object.values(DOT1Q_VLAN_CURRENT), options.maxRows);
  const qTable = await reader.table(Object.values(DOT1Q_TP_FDB), options.maxRows);
  const dTable = await reader.table(Object.values(DOT1D_TP_FDB), options.maxRows);
  const vlanOfFdb = new Map<number, number>();
  for (const [index, row] of vlanTable.rows) {
    const vlan = indexArcs(index)?.[1];
    const fdbId = asNumber(row.dot1qVlanFdbId);
    if (vlan !== undefined && vlan <= 4095 && fdbId !== undefined && !vlanOfFdb.has(fdbId))
      vlanOfFdb.set(fdbId, vlan);
  }
  const links: Link[] = [];
  const seen = new Set<string>();
  const add = (
    macArcs: number[],
    bridgePort: number | undefined,
    status: number | undefined,
    vlan?: number,
  ) => {
    const mac = macArcs.every((arc) => arc <= 255) ? macFromBytes(macArcs) : undefined;
    if (!mac || !isHostMac(mac) || bridgePort === undefined || bridgePort <= 0) return;
    if (status !== undefined && NOT_A_HOST.has(status)) return;
    const ifIndex = options.bridgePorts.get(bridgePort);
    const key = `${mac}/${ifIndex ?? `bridge ${bridgePort}`}`;
    if (seen.has(key)) return;
    seen.add(key);
    links.push({
      source: 'fdb',
      ...portOf(ifIndex, options.ports),
      mac,
      ...(vlan === undefined ? {} : { vlan }),
    });
  };
  for (const [index, row] of qTable.rows) {
    const arcs = indexArcs(index);
    if (arcs?.length !== 7) continue;
    add(
      arcs.slice(1),
      asNumber(row.dot1qTpFdbPort),
      asNumber(row.dot1qTpFdbStatus),
      vlanOfFdb.get(arcs[0] ?? -1),
    );
  }
  for (const [index, row] of dTable.rows) {
    const arcs = indexArcs(index);
    if (arcs?.length === 6) add(arcs, asNumber(row.dot1dTpFdbPort), asNumber(row.dot1dTpFdbStatus));
  }
  return { links, truncated: vlanTable.truncated || qTable.truncated || dTable.truncated };
}
