/**
 * A varbind as the collector sees it: the library's numeric type turned into a name (by the
 * read-only client, the only file that knows net-snmp), and the value left as the device sent it.
 */
export type VarbindKind =
  | 'integer'
  | 'octets'
  | 'null'
  | 'oid'
  | 'ip'
  | 'counter'
  | 'gauge'
  | 'timeticks'
  | 'counter64'
  | 'noSuchObject'
  | 'noSuchInstance'
  | 'endOfMibView'
  | 'other';

export interface SnmpVarbind {
  oid: string;
  kind: VarbindKind;
  /** Buffer for octets and counter64, number for the integer kinds, text for oid and ip. */
  value: Buffer | number | string | null;
}

/** The v2 exceptions: no value at this OID, or nothing after it. */
export function isException(varbind: SnmpVarbind): boolean {
  return (
    varbind.kind === 'noSuchObject' || varbind.kind === 'noSuchInstance' || varbind.kind === 'endOfMibView'
  );
}

const OID_PATTERN = /^[0-2](\.(0|[1-9][0-9]{0,9}))+$/;

/** A numeric OID with at most 128 arcs, each below 2^32 (RFC 2578 section 3.5). */
export function isValidOid(oid: string): boolean {
  if (!OID_PATTERN.test(oid)) return false;
  const arcs = oid.split('.');
  return arcs.length <= 128 && arcs.every((arc) => Number(arc) < 2 ** 32);
}

/** Lexicographic OID order, arc by arc as numbers (so 1.10 follows 1.9). */
export function compareOids(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = Number(left[i]) - Number(right[i]);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

export function inSubtree(base: string, oid: string): boolean {
  return oid.startsWith(`${base}.`);
}
