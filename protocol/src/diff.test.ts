import { describe, expect, it } from 'vitest';
import { diffStates } from './diff.ts';
import { fingerprintState, trackedState } from './fingerprint.ts';
import type { PointValue } from './messages.ts';

const values: PointValue[] = [
  { path: 'setpoints[0]', class: 'config', value: 100 },
  { path: 'setpoints[1]', class: 'config', value: 250 },
  { path: 'serial', class: 'identity', value: 'SN-1' },
  { path: 'temperature', class: 'volatile', value: 21.5 },
];

describe('trackedState and fingerprint', () => {
  it('tracks identity and config values but never volatile ones', () => {
    const state = trackedState({ identity: { vendor: 'Acme', model: 'X1' }, values });
    expect(state).toEqual({
      'identity.vendor': 'Acme',
      'identity.model': 'X1',
      'setpoints[0]': 100,
      'setpoints[1]': 250,
      serial: 'SN-1',
    });
  });

  it('keeps the fingerprint when only a volatile value moves, and changes it when a setpoint does', () => {
    const base = fingerprintState(trackedState({ identity: {}, values }));
    const warmer = values.map((v) => (v.path === 'temperature' ? { ...v, value: 80 } : v));
    expect(fingerprintState(trackedState({ identity: {}, values: warmer }))).toBe(base);
    const changed = values.map((v) => (v.path === 'setpoints[1]' ? { ...v, value: 251 } : v));
    expect(fingerprintState(trackedState({ identity: {}, values: changed }))).not.toBe(base);
  });
});

describe('diffStates', () => {
  it('lists changed, added and removed paths with before and after, sorted by path', () => {
    const changes = diffStates({ a: 1, b: 'x', c: true }, { a: 2, c: true, d: null });
    expect(changes).toEqual([
      { path: 'a', change: 'changed', before: 1, after: 2 },
      { path: 'b', change: 'removed', before: 'x', after: null },
      { path: 'd', change: 'added', before: null, after: null },
    ]);
  });

  it('finds nothing between equal states, and tells 0 from "0"', () => {
    expect(diffStates({ a: 0, b: 'z' }, { b: 'z', a: 0 })).toEqual([]);
    expect(diffStates({ a: 0 }, { a: '0' })).toHaveLength(1);
  });

  it('does not mistake inherited object keys for values', () => {
    expect(diffStates({}, { constructor: 1 })).toEqual([
      { path: 'constructor', change: 'added', before: null, after: 1 },
    ]);
  });
});
