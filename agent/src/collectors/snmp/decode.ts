import { sanitizeDeviceString } from '@plantwatch/protocol';
import type { SnmpVarbind } from './varbind.ts';

/**
 * Turns varbinds into values. Device data is hostile: every function accepts only the type it
 * expects and returns undefined for anything else (a switch that answers ifAlias with an INTEGER
 * gets that value skipped, not a crash), and every string is cleaned and bounded.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A DisplayString or SnmpAdminString: UTF-8 when valid, else Latin-1; line breaks become spaces. */
export function asText(varbind: SnmpVarbind | undefined): string | undefined {
  if (varbind?.kind !== 'octets' || !Buffer.isBuffer(varbind.value)) return undefined;
  return bytesToText(varbind.value);
}

export function bytesToText(bytes: Buffer): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  // sysDescr often spans lines ("...Version 15.2\r\nTechnical Support: ..."): keep the words apart.
  return sanitizeDeviceString(text.replace(/[\r\n\t]+/g, ' '));
}

/** INTEGER, Counter32, Gauge32 or TimeTicks. */
export function asNumber(varbind: SnmpVarbind | undefined): number | undefined {
  if (!varbind || !['integer', 'counter', 'gauge', 'timeticks'].includes(varbind.kind)) return undefined;
  return typeof varbind.value === 'number' && Number.isFinite(varbind.value) ? varbind.value : undefined;
}

export function asOid(varbind: SnmpVarbind | undefined): string | undefined {
  return varbind?.kind === 'oid' && typeof varbind.value === 'string'
    ? sanitizeDeviceString(varbind.value)
    : undefined;
}

/** A MacAddress (exactly six octets) as `aa:bb:cc:dd:ee:ff`; anything else, including empty, is none. */
export function asMac(varbind: SnmpVarbind | undefined): string | undefined {
  if (varbind?.kind !== 'octets' || !Buffer.isBuffer(varbind.value)) return undefined;
  return macFromBytes(varbind.value);
}

export function macFromBytes(bytes: ArrayLike<number>): string | undefined {
  if (bytes.length !== 6) return undefined;
  return Array.from(bytes, (byte) => (byte & 0xff).toString(16).padStart(2, '0')).join(':');
}

/** A MAC that names one host: not all zeros (an incomplete ARP entry), not broadcast or multicast. */
export function isHostMac(mac: string): boolean {
  const first = Number.parseInt(mac.slice(0, 2), 16);
  return mac !== '00:00:00:00:00:00' && (first & 1) === 0;
}

/** The arcs of an OID index (`1.10.20.0.5`), or undefined if any is not an integer 0..2^32-1. */
export function indexArcs(index: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(index)) return undefined;
  const arcs = index.split('.').map(Number);
  return arcs.every((arc) => Number.isSafeInteger(arc) && arc < 2 ** 32) ? arcs : undefined;
}

/** An InetAddress from its index arcs: IPv4 (4 arcs) or IPv6 (16 arcs), each a byte. */
export function ipFromArcs(arcs: readonly number[]): string | undefined {
  if (!arcs.every((arc) => arc <= 255)) return undefined;
  if (arcs.length === 4) return arcs.join('.');
  if (arcs.length !== 16) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((arcs[i] ?? 0) << 8) | (arcs[i + 1] ?? 0)).toString(16));
  // Shortest form (RFC 5952) is left to the reader; the full form is still a valid IPv6 address.
  return groups.join(':');
}

/** A value that is either text or, when the bytes are not printable, their hex (a binary chassis id). */
export function textOrHex(bytes: Buffer): string {
  const printable = bytes.length > 0 && bytes.every((byte) => byte >= 0x20 && byte < 0x7f);
  return printable ? bytesToText(bytes) : sanitizeDeviceString(bytes.toString('hex'));
}
