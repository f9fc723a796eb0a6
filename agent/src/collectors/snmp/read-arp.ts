import type { Link } from '@plantwatch/protocol';
import { asMac, indexArcs, ipFromArcs, isHostMac } from './decode.ts';
import { IP_NET_TO_MEDIA, IP_NET_TO_PHYSICAL } from './oids.ts';
import { type PortNames, portOf } from './read-interfaces.ts';
import type { SnmpReader } from './read-only-client.ts';

/** InetAddressType ipv4(1) and ipv6(2); the zoned types (3, 4) carry a zone index and are skipped. */
const ADDRESS_LENGTH: Record<number, number> = { 1: 4, 2: 16 };

/**
 * ARP and neighbour tables as links: which IP answers with which MAC on which interface (on a
 * layer-3 switch usually a VLAN interface, not a physical port; the forwarding table has the port).
 * ipNetToPhysicalTable is indexed by ifIndex.addressType.length.address, ipNetToMediaTable by
 * ifIndex.a.b.c.d; a device often fills both with the same entries, reported once.
 */
export async function readArp(
  reader: SnmpReader,
  options: { maxRows: number; ports: PortNames },
): Promise<{ links: Link[]; truncated: boolean }> {
  const physical = await reader.table(Object.values(IP_NET_TO_PHYSICAL), options.maxRows);
  const media = await reader.table(Object.values(IP_NET_TO_MEDIA), options.maxRows);
  const links: Link[] = [];
  const seen = new Set<string>();
  const add = (ifIndex: number, ip: string | undefined, mac: string | undefined) => {
    if (!ip || !mac || !isHostMac(mac) || seen.has(`${ifIndex}/${ip}`)) return;
    seen.add(`${ifIndex}/${ip}`);
    links.push({ source: 'arp', ...portOf(ifIndex, options.ports), mac, ip });
  };
  for (const [index, row] of physical.rows) {
    const arcs = indexArcs(index);
    const length = ADDRESS_LENGTH[arcs?.[1] ?? 0];
    if (!arcs || length === undefined || arcs[2] !== length || arcs.length !== 3 + length) continue;
    add(arcs[0] ?? 0, ipFromArcs(arcs.slice(3)), asMac(row.ipNetToPhysicalPhysAddress));
  }
  for (const [index, row] of media.rows) {
    const arcs = indexArcs(index);
    if (arcs?.length === 5) add(arcs[0] ?? 0, ipFromArcs(arcs.slice(1)), asMac(row.ipNetToMediaPhysAddress));
  }
  return { links, truncated: physical.truncated || media.truncated };
}
