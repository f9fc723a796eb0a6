import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeAgentMessage } from './decode.ts';
import { messageSigningBytes, readMessageSignature, signedPayload } from './signature.ts';
import { agentTopic } from './topics.ts';

const keys = generateKeyPairSync('ed25519');
const message = {
  v: 1,
  type: 'status',
  siteId: 'plant-a',
  agentId: 'gw-1',
  seq: 7,
  sentAt: '2026-11-22T10:00:00.000Z',
  state: 'online',
  agentVersion: '0.1.0',
  startedAt: '2026-11-22T09:00:00.000Z',
  targetCount: 2,
};
const topic = agentTopic('plant-a', 'gw-1', 'status');
const signed = () => signedPayload(message, (bytes) => sign(null, bytes, keys.privateKey));
const verifies = (payload: string) => {
  const decoded = decodeAgentMessage(topic, Buffer.from(payload));
  if (!decoded.ok) throw new Error(decoded.detail);
  const reading = readMessageSignature(decoded.json);
  return reading.kind === 'signed' && verify(null, reading.bytes, keys.publicKey, reading.signature);
};

describe('message signatures', () => {
  it('sign the documented canonical bytes: domain, newline, canonical JSON without sig', () => {
    const bytes = messageSigningBytes({ b: 1, a: { d: 'x', c: [2, 1] }, sig: 'ignored' });
    expect(bytes.toString('utf8')).toBe('plantwatch-message-v1\n{"a":{"c":[2,1],"d":"x"},"b":1}');
  });

  it('verify whatever the key order or whitespace on the wire, and a v1 decoder still accepts them', () => {
    const payload = signed();
    expect(verifies(payload)).toBe(true);
    const reordered = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(payload)).reverse()),
      null,
      2,
    );
    expect(verifies(reordered)).toBe(true);
    const decoded = decodeAgentMessage(topic, Buffer.from(payload));
    expect(decoded.ok && 'sig' in decoded.message).toBe(false);
  });

  it('fail for any change, added field included', () => {
    const payload = JSON.parse(signed()) as Record<string, unknown>;
    expect(verifies(JSON.stringify({ ...payload, targetCount: 3 }))).toBe(false);
    expect(verifies(JSON.stringify({ ...payload, extra: true }))).toBe(false);
    expect(verifies(JSON.stringify({ ...payload, seq: 8 }))).toBe(false);
  });

  it('tell unsigned from malformed signatures', () => {
    expect(readMessageSignature(message).kind).toBe('unsigned');
    expect(readMessageSignature({ ...message, sig: 'abc' })).toMatchObject({ kind: 'malformed' });
    expect(readMessageSignature({ ...message, sig: { v: 2, value: 'x' } })).toMatchObject({
      kind: 'malformed',
    });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(readMessageSignature({ ...message, deep, sig: { v: 1, value: 'A'.repeat(86) } })).toMatchObject({
      kind: 'malformed',
      detail: expect.stringContaining('no canonical form'),
    });
  });
});
