import {
  type AssetSnapshot,
  buildTranscript,
  type DriftMessage,
  fingerprintState,
  type InventoryMessage,
  type StatusMessage,
  trackedState,
} from '@plantwatch/protocol';

/** Builders for valid protocol messages, shared by the console's tests. */

const SENT_AT = '2026-11-22T10:00:00.000Z';
const TRANSCRIPT = buildTranscript([
  'modbus unit 1 FC 43/14 read device identification code 1 object 0',
  'modbus unit 1 FC 3 read holding 100 x2',
  'modbus unit 1 FC 4 read input 0 x1',
]);

export interface Envelope {
  siteId?: string;
  agentId?: string;
  seq: number;
}

export function statusMessage(envelope: Envelope, overrides: Partial<StatusMessage> = {}): StatusMessage {
  return {
    v: 1,
    type: 'status',
    siteId: envelope.siteId ?? 'plant-a',
    agentId: envelope.agentId ?? 'gw-01',
    seq: envelope.seq,
    sentAt: SENT_AT,
    state: 'online',
    agentVersion: '0.1.0',
    startedAt: '2026-11-22T09:59:00.000Z',
    targetCount: 1,
    ...overrides,
  };
}

/** An asset whose fingerprint is computed from its identity and values, as an agent would. */
export function assetSnapshot(overrides: Partial<AssetSnapshot> = {}): AssetSnapshot {
  const base: AssetSnapshot = {
    assetId: 'press-01',
    protocol: 'modbus',
    host: '10.0.0.5',
    port: 502,
    unitId: 1,
    identity: { vendor: 'Acme', model: 'X1', firmware: '2.4.1' },
    values: [
      { path: 'setpoints[0]', class: 'config', value: 100, unit: 'rpm' },
      { path: 'mode', class: 'config', value: 'auto' },
      { path: 'temperature', class: 'volatile', value: 21.5, unit: 'degC' },
    ],
    fingerprint: null,
    poll: { ok: true, startedAt: SENT_AT, durationMs: 12, requestCount: 3, transcript: TRANSCRIPT },
    ...overrides,
  };
  if (overrides.fingerprint !== undefined) return base;
  return { ...base, fingerprint: fingerprintState(trackedState(base)) };
}

/** A snapshot of a poll that failed: no identity, no values, no fingerprint. */
export function failedSnapshot(assetId = 'press-01'): AssetSnapshot {
  return {
    ...assetSnapshot({ assetId }),
    identity: {},
    values: [],
    fingerprint: null,
    poll: {
      ok: false,
      startedAt: '2026-11-22T10:05:00.000Z',
      durationMs: 3000,
      requestCount: 1,
      transcript: buildTranscript(['modbus unit 1 FC 43/14 read device identification code 1 object 0']),
      error: { code: 'timeout', message: 'no reply within 3000 ms' },
    },
  };
}

export function inventoryMessage(
  envelope: Envelope,
  assets: AssetSnapshot[] = [assetSnapshot()],
): InventoryMessage {
  return {
    v: 1,
    type: 'inventory',
    siteId: envelope.siteId ?? 'plant-a',
    agentId: envelope.agentId ?? 'gw-01',
    seq: envelope.seq,
    sentAt: SENT_AT,
    assets,
  };
}

export function driftMessage(envelope: Envelope, overrides: Partial<DriftMessage> = {}): DriftMessage {
  return {
    v: 1,
    type: 'drift',
    siteId: envelope.siteId ?? 'plant-a',
    agentId: envelope.agentId ?? 'gw-01',
    seq: envelope.seq,
    sentAt: SENT_AT,
    assetId: 'press-01',
    detectedAt: '2026-11-22T10:10:00.000Z',
    previousFingerprint: 'a'.repeat(64),
    currentFingerprint: 'b'.repeat(64),
    changes: [{ path: 'setpoints[0]', change: 'changed', before: 100, after: 140 }],
    ...overrides,
  };
}
