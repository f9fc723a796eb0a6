import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same string for equal data built in a different order', () => {
    const one = { vendor: 'Acme', values: { speed: 10, mode: 'auto' } };
    const two = { values: { mode: 'auto', speed: 10 }, vendor: 'Acme' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(sha256Hex(canonicalJson(one))).toBe(sha256Hex(canonicalJson(two)));
  });

  it('refuses values that JSON cannot represent, naming where they are', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('$.a[1]: NaN has no canonical JSON form');
    expect(() => canonicalJson({ a: 1n })).toThrow('$.a: a bigint has no canonical JSON form');
  });

  it('escapes hostile strings instead of letting them break the structure', () => {
    const text = canonicalJson({ name: '"},"x":1,"<script>' });
    expect(JSON.parse(text)).toEqual({ name: '"},"x":1,"<script>' });
  });

  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
