import { type AssetSnapshot, buildTranscript, fingerprintState, trackedState } from '@plantwatch/protocol';
import { describe, expect, it } from 'vitest';
import { detectDrift } from './drift-detector.ts';
import type { AssetMemory } from './state/agent-store.ts';

function snapshot(setpoint: number, temperature = 20, ok = true): AssetSnapshot {
  const identity = { vendor: 'Acme', serial: 'SN-1' };
  const values = [
    { path: 'setpoint', class: 'config' as const, value: setpoint },
    { path: 'temperature', class: 'volatile' as const, value: temperature },
  ];
  return {
    assetId: 'press-01',
    protocol: 'modbus',
    host: '127.0.0.1',
    port: 502,
    identity,
    values: ok ? values : [],
    fingerprint: ok ? fingerprintState(trackedState({ identity, values })) : null,
    poll: {
      ok,
      startedAt: new Date().toISOString(),
      durationMs: 1,
      requestCount: 0,
      transcript: buildTranscript([]),
    },
  };
}

/** Feeds snapshots through detectDrift the way the agent does, keeping the memory it returns. */
function observer() {
  let memory: AssetMemory | undefined;
  return (s: AssetSnapshot) => {
    const outcome = detectDrift(memory, s, new Date());
    memory = outcome.memory ?? memory;
    return outcome.drift;
  };
}

describe('detectDrift', () => {
  it('takes the first snapshot as the starting point, then reports field-level changes', () => {
    const observe = observer();
    expect(observe(snapshot(100))).toBeUndefined();
    const drift = observe(snapshot(120));
    expect(drift?.changes).toEqual([{ path: 'setpoint', change: 'changed', before: 100, after: 120 }]);
    expect(drift?.previousFingerprint).toBe(snapshot(100).fingerprint);
    expect(drift?.currentFingerprint).toBe(snapshot(120).fingerprint);
    expect(observe(snapshot(120))).toBeUndefined();
  });

  it('never reports volatile values, and skips failed polls', () => {
    const observe = observer();
    observe(snapshot(100, 20));
    expect(observe(snapshot(100, 95))).toBeUndefined();
    expect(observe(snapshot(0, 0, false))).toBeUndefined();
    expect(observe(snapshot(100, 20))).toBeUndefined();
  });

  it('gives the first memory of an asset and nothing to store when nothing changed', () => {
    const first = detectDrift(undefined, snapshot(100), new Date());
    expect(first.memory?.state).toEqual({
      'identity.vendor': 'Acme',
      'identity.serial': 'SN-1',
      setpoint: 100,
    });
    expect(detectDrift(first.memory, snapshot(100), new Date())).toEqual({});
  });
});
