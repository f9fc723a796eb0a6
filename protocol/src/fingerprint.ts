import { canonicalJson, sha256Hex } from '@plantwatch/shared/canonical-json';
import { IDENTITY_FIELDS, type Identity, type PointValue, type ScalarValue } from './messages.ts';

/** The part of an asset that counts for drift: identity fields and non-volatile values, by path. */
export type TrackedState = Record<string, ScalarValue>;

export function trackedState(asset: { identity: Identity; values: readonly PointValue[] }): TrackedState {
  const state: TrackedState = {};
  for (const field of IDENTITY_FIELDS) {
    const value = asset.identity[field];
    if (value !== undefined) state[`identity.${field}`] = value;
  }
  // Volatile values (process values, counters) change all the time and never count as drift.
  for (const point of asset.values) {
    if (point.class !== 'volatile') state[point.path] = point.value;
  }
  return state;
}

/** SHA-256 over the canonical JSON of the tracked state: equal configurations, equal fingerprints. */
export function fingerprintState(state: TrackedState): string {
  return sha256Hex(canonicalJson(state));
}
