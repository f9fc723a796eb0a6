import { LIMITS, type ScalarValue, sanitizeDeviceString } from '@plantwatch/protocol';
import { sha256Hex } from '@plantwatch/shared';

/** A Read result as the facade hands it over: the library's value, untouched, with its type names. */
export interface OpcuaDataValue {
  /** Status code name, e.g. `Good`, `BadNodeIdUnknown`. */
  status: string;
  /** Variant data type name, e.g. `Double`, `LocalizedText`, `Null`. */
  dataType: string;
  isArray: boolean;
  value: unknown;
}

export const isGood = (status: string): boolean => status === 'Good' || status.startsWith('Good');
export const isBad = (status: string): boolean => status.startsWith('Bad');

/** Byte strings up to this length are shown as hex; longer ones by their SHA-256. */
const MAX_HEX_BYTES = 32;

/**
 * Turns one OPC UA value into what a snapshot can carry: numbers, booleans, bounded text or null.
 * Device data is hostile: text is cleaned and cut, large binary values and structures are reduced to
 * a digest, so any change still shows while nothing grows without bound.
 */
export function decodeScalar(dataType: string, value: unknown): ScalarValue {
  if (value === null || value === undefined) return null;
  switch (dataType) {
    case 'Boolean':
      return Boolean(value);
    case 'SByte':
    case 'Byte':
    case 'Int16':
    case 'UInt16':
    case 'Int32':
    case 'UInt32':
    case 'Double':
      return finite(Number(value));
    case 'Float':
      return shortestFloat32(Number(value));
    case 'Int64':
    case 'UInt64':
      return decode64(value, dataType === 'Int64');
    case 'DateTime':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
    case 'ByteString':
      return decodeBytes(value);
    case 'LocalizedText':
      return text(String((value as { text?: unknown }).text ?? ''));
    case 'QualifiedName': {
      const name = value as { namespaceIndex?: number; name?: unknown };
      return text(`${name.namespaceIndex ?? 0}:${String(name.name ?? '')}`);
    }
    case 'StatusCode':
      return text(String((value as { name?: unknown }).name ?? value));
    case 'String':
    case 'XmlElement':
    case 'Guid':
    case 'NodeId':
    case 'ExpandedNodeId':
      return text(String(value));
    default:
      // ExtensionObject (a structure), DataValue, Variant, DiagnosticInfo: their JSON text.
      return text(structureText(value));
  }
}

/** Arrays come as JS arrays or typed arrays (Float64Array...); each element is decoded alone. */
export function decodeArray(dataType: string, value: unknown): ScalarValue[] {
  if (value === null || value === undefined) return [];
  const items = ArrayBuffer.isView(value)
    ? Array.from(value as unknown as ArrayLike<number>)
    : (value as unknown[]);
  return Array.from(items, (item) => decodeScalar(dataType, item));
}

/** Text longer than a device string may be is replaced by its digest instead of being cut. */
function text(raw: string): string {
  const clean = sanitizeDeviceString(raw, Number.POSITIVE_INFINITY);
  return clean.length <= LIMITS.deviceString ? clean : `sha256:${sha256Hex(clean)}`;
}

function finite(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** The shortest decimal that reads back as the same 32-bit float (0.1, not 0.10000000149011612). */
function shortestFloat32(value: number): number | string {
  if (!Number.isFinite(value)) return finite(value);
  for (let digits = 1; digits < 10; digits += 1) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === Math.fround(value)) return shorter;
  }
  return value;
}

/** node-opcua carries 64-bit integers as [high, low] 32-bit words; beyond 2^53 they become text. */
function decode64(value: unknown, signed: boolean): number | string | null {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (Array.isArray(value) && value.length === 2) {
    big = (BigInt(value[0] >>> 0) << 32n) | BigInt(value[1] >>> 0);
    if (signed) big = BigInt.asIntN(64, big);
  } else if (typeof value === 'number') return finite(value);
  else return null;
  const asNumber = Number(big);
  return Number.isSafeInteger(asNumber) ? asNumber : big.toString();
}

function decodeBytes(value: unknown): string | null {
  if (!(value instanceof Uint8Array)) return null;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return bytes.length <= MAX_HEX_BYTES ? bytes.toString('hex') : `sha256:${sha256Hex(bytes)}`;
}

function structureText(value: unknown): string {
  try {
    const json = JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item));
    return json ?? String(value);
  } catch {
    return String(value);
  }
}
