import { describe, expect, it } from 'vitest';
import { decodeAgentMessage } from './decode.ts';
import { sanitizeDeviceString } from './device-string.ts';
import { LIMITS } from './limits.ts';
import { buildTranscript } from './transcript.ts';

const topic = 'plantwatch/v1/plant-a/gw-01/inventory';
const fingerprint = 'a'.repeat(64);

function inventory(overrides: Record<string, unknown> = {}, assetOverrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    type: 'inventory',
    siteId: 'plant-a',
    agentId: 'gw-01',
    seq: 7,
    sentAt: '2026-11-22T10:00:00.000Z',
    assets: [
      {
        assetId: 'press-01',
        protocol: 'modbus',
        host: '10.0.0.5',
        port: 502,
        unitId: 1,
        identity: { vendor: 'Acme' },
        values: [{ path: 'setpoints[0]', class: 'config', value: 10 }],
        fingerprint,
        poll: {
          ok: true,
          startedAt: '2026-11-22T10:00:00.000Z',
          durationMs: 12,
          requestCount: 2,
          transcript: buildTranscript(['modbus unit 1 FC 43/14 basic', 'modbus unit 1 FC 3 holding 100 x1']),
        },
        ...assetOverrides,
      },
    ],
    ...overrides,
  };
}

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeAgentMessage', () => {
  it('accepts a valid inventory snapshot', () => {
    const result = decodeAgentMessage(topic, bytes(inventory()));
    expect(result.ok).toBe(true);
  });

  it('rejects a payload that is not JSON', () => {
    expect(decodeAgentMessage(topic, bytes('{"v":1,'))).toMatchObject({ ok: false, reason: 'not_json' });
  });

  it('rejects a payload whose site id differs from its topic (a forged site)', () => {
    const result = decodeAgentMessage(topic, bytes(inventory({ siteId: 'plant-b' })));
    expect(result).toMatchObject({ ok: false, reason: 'topic_mismatch' });
    if (!result.ok) expect(result.detail).toContain('plant-b');
  });

  it('rejects a device string over the limit and names where it is', () => {
    const result = decodeAgentMessage(
      topic,
      bytes(inventory({}, { identity: { vendor: 'x'.repeat(LIMITS.deviceString + 1) } })),
    );
    expect(result).toMatchObject({ ok: false, reason: 'invalid_schema' });
    if (!result.ok) expect(result.detail).toContain('assets[0].identity.vendor');
  });

  it('rejects control characters in device strings', () => {
    const result = decodeAgentMessage(topic, bytes(inventory({}, { identity: { model: 'X1\u001b[2J' } })));
    expect(result).toMatchObject({ ok: false, reason: 'invalid_schema' });
  });

  it('rejects an oversized payload before parsing it', () => {
    const result = decodeAgentMessage(topic, Buffer.alloc(LIMITS.messageBytes + 1, 0x20));
    expect(result).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('rejects an unknown protocol version and an unknown message type', () => {
    expect(decodeAgentMessage(topic, bytes(inventory({ v: 2 })))).toMatchObject({ reason: 'invalid_schema' });
    expect(decodeAgentMessage(topic, bytes(inventory({ type: 'command' })))).toMatchObject({
      reason: 'invalid_schema',
    });
  });

  it('accepts links a switch reports, and rejects a malformed MAC in them', () => {
    const link = { source: 'fdb', port: 'ge-0/0/3', portIndex: 3, mac: '00:1a:2b:3c:4d:5e', vlan: 10 };
    expect(decodeAgentMessage(topic, bytes(inventory({}, { links: [link] }))).ok).toBe(true);
    const bad = decodeAgentMessage(
      topic,
      bytes(inventory({}, { links: [{ ...link, mac: '001A2B3C4D5E' }] })),
    );
    expect(bad).toMatchObject({ ok: false, reason: 'invalid_schema' });
    if (!bad.ok) expect(bad.detail).toContain('assets[0].links[0].mac');
  });

  it('requires a transcript digest on every poll outcome', () => {
    const result = decodeAgentMessage(
      topic,
      bytes(
        inventory(
          {},
          { poll: { ok: true, startedAt: '2026-11-22T10:00:00.000Z', durationMs: 1, requestCount: 1 } },
        ),
      ),
    );
    expect(result).toMatchObject({ ok: false, reason: 'invalid_schema' });
    if (!result.ok) expect(result.detail).toContain('assets[0].poll.transcript');
  });

  it('rejects a topic outside the scheme', () => {
    expect(decodeAgentMessage('plantwatch/v1/plant-a/inventory', bytes(inventory()))).toMatchObject({
      reason: 'bad_topic',
    });
  });
});

describe('sanitizeDeviceString', () => {
  it('drops NUL padding and control characters and trims', () => {
    expect(sanitizeDeviceString('ACME\u0000\u0000 ')).toBe('ACME');
    expect(sanitizeDeviceString('a\u001b[31mb')).toBe('a[31mb');
  });

  it('cuts to the limit without splitting a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀`;
    expect(sanitizeDeviceString(text, 10)).toBe('a'.repeat(9));
  });
});
