import { asMac, asNumber, asText, indexArcs } from './decode.ts';
import { IF_TABLE, IF_X_TABLE } from './oids.ts';
import type { SnmpReader } from './read-only-client.ts';
import type { ValueList } from './value-list.ts';
import type { SnmpVarbind } from './varbind.ts';

/** What links need to know about a port. */
export interface PortName {
  name: string | undefined;
  descr: string | undefined;
}
export type PortNames = Map<number, PortName>;

const STATUS: Record<number, string> = {
  1: 'up',
  2: 'down',
  3: 'testing',
  4: 'unknown',
  5: 'dormant',
  6: 'notPresent',
  7: 'lowerLayerDown',
};
const status = (varbind: SnmpVarbind) => {
  const value = asNumber(varbind);
  return value === undefined ? undefined : (STATUS[value] ?? value);
};

/**
 * IF-MIB ports as `if[<ifIndex>].<object>`. Name, description, alias, type, speed, admin status
 * and MAC are settings: a port renamed, re-described or shut down is drift. ifOperStatus follows
 * the cable and is volatile. Counters are not read at all. Speeds: on many switches ifSpeed and
 * ifHighSpeed report the negotiated speed, so a link that comes back at 100M instead of 1G drifts.
 */
export async function readInterfaces(
  reader: SnmpReader,
  list: ValueList,
  maxRows: number,
): Promise<{ ports: PortNames; truncated: boolean }> {
  const base = await reader.table(Object.values(IF_TABLE), maxRows);
  const extended = await reader.table(Object.values(IF_X_TABLE), maxRows);
  const ports: PortNames = new Map();
  const indexes = new Set([...base.rows.keys(), ...extended.rows.keys()]);
  for (const index of [...indexes].sort((a, b) => Number(a) - Number(b))) {
    const arcs = indexArcs(index);
    if (arcs?.length !== 1) continue;
    const ifIndex = arcs[0] ?? 0;
    const row = { ...base.rows.get(index), ...extended.rows.get(index) };
    const path = (name: string) => `if[${ifIndex}].${name}`;
    const name = list.decoded(path('ifName'), 'config', row.ifName, asText);
    const descr = list.decoded(path('ifDescr'), 'config', row.ifDescr, asText);
    list.decoded(path('ifAlias'), 'config', row.ifAlias, asText);
    list.decoded(path('ifType'), 'config', row.ifType, asNumber);
    list.decoded(path('ifSpeed'), 'config', row.ifSpeed, asNumber);
    list.decoded(path('ifHighSpeed'), 'config', row.ifHighSpeed, asNumber);
    list.decoded(path('ifAdminStatus'), 'config', row.ifAdminStatus, status);
    // Loopbacks and tunnels have no MAC (an empty ifPhysAddress): that is not a decoding failure.
    const physical = row.ifPhysAddress;
    if (Buffer.isBuffer(physical?.value) && physical.value.length === 0)
      list.add(path('ifPhysAddress'), 'config', '');
    else list.decoded(path('ifPhysAddress'), 'config', physical, asMac);
    list.decoded(path('ifOperStatus'), 'volatile', row.ifOperStatus, status);
    ports.set(ifIndex, { name: name || undefined, descr: descr || undefined });
  }
  return { ports, truncated: base.truncated || extended.truncated };
}

/** The switch port a link was seen on: its ifName (else ifDescr, else the ifIndex) and ifIndex. */
export function portOf(ifIndex: number | undefined, ports: PortNames): { port?: string; portIndex?: number } {
  if (ifIndex === undefined || !Number.isInteger(ifIndex) || ifIndex < 0) return {};
  const known = ports.get(ifIndex);
  return { port: known?.name ?? known?.descr ?? String(ifIndex), portIndex: ifIndex };
}
