import { readFile } from 'node:fs/promises';
import {
  type AssetSnapshot,
  assetSnapshotSchema,
  buildTranscript,
  fingerprintState,
  type TrackedState,
  trackedState,
} from '@plantwatch/protocol';
import { createLogger } from '@plantwatch/shared';
import type { SnmpSimulator } from '@plantwatch/simulators/snmp';
import { parse as parseYaml } from 'yaml';
import { createDevicePacer, createRequestGate, type RecordingGate } from '../../poller/request-gate.ts';
import type { Reading } from '../types.ts';
import { snmpCollector } from './collector.ts';
import { type SnmpTargetConfig, snmpTargetSchema } from './config.ts';

/**
 * Shared by the SNMP collector's tests (no test in here): the shipped sample config pointed at a
 * simulator, and a poll through a real request gate whose reading is checked against the
 * snapshot schema exactly as the poller does.
 */
export const SAMPLE_FILE = new URL('./sample.yaml', import.meta.url);
export const quietLogger = createLogger({ name: 'test', level: 'silent' });

/** Sample target `which` (0: v2c, 1: v3) pointed at `simulator`, polled fast. */
export async function sampleTarget(
  simulator: Pick<SnmpSimulator, 'host' | 'port'>,
  overrides: Record<string, unknown> = {},
  which = 0,
): Promise<SnmpTargetConfig> {
  const samples = parseYaml(await readFile(SAMPLE_FILE, 'utf8')) as Record<string, unknown>[];
  return snmpTargetSchema.parse({
    ...samples[which],
    host: simulator.host,
    port: simulator.port,
    timeoutMs: 500,
    minRequestGapMs: 0,
    ...(which === 0 ? { communityEnv: undefined, community: 'public' } : {}),
    ...overrides,
  });
}

export interface Poll {
  reading: Reading;
  snapshot: AssetSnapshot;
  state: TrackedState;
  requests: readonly string[];
  gate: RecordingGate;
}

export async function poll(target: SnmpTargetConfig, previous?: TrackedState, gapMs = 0): Promise<Poll> {
  const signal = new AbortController().signal;
  const gate = createRequestGate({
    deviceKey: `${target.host}:${target.port}`,
    minGapMs: gapMs,
    pacer: createDevicePacer(),
    signal,
  });
  const reading = await snmpCollector.collect(target, { logger: quietLogger, signal, gate, previous });
  const snapshot = assetSnapshotSchema.parse({
    assetId: target.id,
    protocol: 'snmp',
    host: target.host,
    port: target.port,
    identity: reading.identity,
    values: reading.values,
    fingerprint: fingerprintState(trackedState(reading)),
    poll: {
      ok: true,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      requestCount: gate.requests.length,
      transcript: buildTranscript(gate.requests),
    },
    ...(reading.links ? { links: reading.links } : {}),
    ...(reading.linksTruncated ? { linksTruncated: true } : {}),
  });
  return { reading, snapshot, state: trackedState(reading), requests: gate.requests, gate };
}

export function valueAt(reading: Reading, path: string) {
  return reading.values.find((value) => value.path === path);
}
