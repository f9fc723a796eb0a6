import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by code unit, no insignificant whitespace, `undefined`
 * properties dropped. Two values that are equal as data always give the same string, so the string
 * (and its hash) can identify a configuration on both sides of the wire.
 *
 * Non-finite numbers, bigints, functions and symbols have no JSON form and are refused instead of
 * being silently turned into `null`: a fingerprint must never hide a value it could not encode.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no canonical JSON form`);
      // -0 and 0 are the same value on the wire.
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => (item === undefined ? 'null' : encode(item, `${path}[${index}]`))).join(',')}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${encode(record[key], `${path}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} has no canonical JSON form`);
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
