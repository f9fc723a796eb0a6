import { type AssetSnapshot, diffStates, trackedState, type ValueChange } from '@plantwatch/protocol';
import type { AgentState } from './state/agent-state.ts';

export interface DetectedDrift {
  assetId: string;
  previousFingerprint: string;
  currentFingerprint: string;
  changes: ValueChange[];
  detectedAt: string;
}

/**
 * Compares each successful snapshot with the last one the agent saw of the same asset. The first
 * snapshot of an asset is its starting point, not drift; a failed poll tells nothing and is skipped.
 * Volatile values never count (see `trackedState`).
 */
export function detectDrift(
  state: AgentState,
  snapshot: AssetSnapshot,
  now: Date,
): DetectedDrift | undefined {
  if (!snapshot.poll.ok || snapshot.fingerprint === null) return undefined;
  const current = trackedState(snapshot);
  const previous = state.lastAsset(snapshot.assetId);
  if (previous?.fingerprint === snapshot.fingerprint) return undefined;
  state.rememberAsset(snapshot.assetId, {
    fingerprint: snapshot.fingerprint,
    state: current,
    observedAt: now.toISOString(),
  });
  if (!previous) return undefined;
  const changes = diffStates(previous.state, current);
  // Equal states hash equally, so a new fingerprint always comes with changes; guard anyway.
  if (changes.length === 0) return undefined;
  return {
    assetId: snapshot.assetId,
    previousFingerprint: previous.fingerprint,
    currentFingerprint: snapshot.fingerprint,
    changes,
    detectedAt: now.toISOString(),
  };
}
