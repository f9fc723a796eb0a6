import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AssetSnapshot, buildTranscript, fingerprintState, trackedState } from '@plantwatch/protocol';
import { describe, expect, it } from 'vitest';
import { detectDrift } from './drift-detector.ts';
import { openAgentState } from './state/agent-state.ts';

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

const tempState = async () => openAgentState(await mkdtemp(path.join(tmpdir(), 'pw-agent-state-')));

describe('detectDrift', () => {
  it('takes the first snapshot as the starting point, then reports field-level changes', async () => {
    const state = await tempState();
    expect(detectDrift(state, snapshot(100), new Date())).toBeUndefined();
    const drift = detectDrift(state, snapshot(120), new Date());
    expect(drift?.changes).toEqual([{ path: 'setpoint', change: 'changed', before: 100, after: 120 }]);
    expect(drift?.previousFingerprint).toBe(snapshot(100).fingerprint);
    expect(drift?.currentFingerprint).toBe(snapshot(120).fingerprint);
    expect(detectDrift(state, snapshot(120), new Date())).toBeUndefined();
  });

  it('never reports volatile values, and skips failed polls', async () => {
    const state = await tempState();
    detectDrift(state, snapshot(100, 20), new Date());
    expect(detectDrift(state, snapshot(100, 95), new Date())).toBeUndefined();
    expect(detectDrift(state, snapshot(0, 0, false), new Date())).toBeUndefined();
    expect(detectDrift(state, snapshot(100, 20), new Date())).toBeUndefined();
  });

  it('detects a change made while the agent was stopped', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pw-agent-state-'));
    detectDrift(openAgentState(dir), snapshot(100), new Date());
    const afterRestart = openAgentState(dir);
    expect(detectDrift(afterRestart, snapshot(130), new Date())?.changes).toHaveLength(1);
  });
});

describe('agent state', () => {
  it('never reuses a sequence number across restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pw-agent-state-'));
    const first = openAgentState(dir);
    expect([first.nextSeq(), first.nextSeq(), first.nextSeq()]).toEqual([1, 2, 3]);
    expect(openAgentState(dir).nextSeq()).toBe(4);
  });
});
