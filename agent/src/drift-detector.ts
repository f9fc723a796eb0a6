import { type AssetSnapshot, diffStates, trackedState, type ValueChange } from '@plantwatch/protocol';
import type { AssetMemory } from './state/agent-store.ts';

export interface DetectedDrift {
  assetId: string;
  previousFingerprint: string;
  currentFingerprint: string;
  changes: ValueChange[];
  detectedAt: string;
}

export interface DriftOutcome {
  /** The asset's new memory, when it changed (first sighting or drift). */
  memory?: AssetMemory;
  drift?: DetectedDrift;
}

/**
 * Compares a successful snapshot with the last state the agent remembers of the same asset. The
 * first snapshot of an asset is its starting point, not drift; a failed poll tells nothing.
 * Volatile values never count (see `trackedState`). Pure: the caller stores the outcome.
 */
export function detectDrift(
  previous: AssetMemory | undefined,
  snapshot: AssetSnapshot,
  now: Date,
): DriftOutcome {
  if (!snapshot.poll.ok || snapshot.fingerprint === null) return {};
  if (previous?.fingerprint === snapshot.fingerprint) return {};
  const state = trackedState(snapshot);
  const memory: AssetMemory = { fingerprint: snapshot.fingerprint, state, observedAt: now.toISOString() };
  if (!previous) return { memory };
  const changes = diffStates(previous.state, state);
  // Equal states hash equally, so a new fingerprint always comes with changes; guard anyway.
  if (changes.length === 0) return { memory };
  return {
    memory,
    drift: {
      assetId: snapshot.assetId,
      previousFingerprint: previous.fingerprint,
      currentFingerprint: snapshot.fingerprint,
      changes,
      detectedAt: now.toISOString(),
    },
  };
}
