import { canonicalJson } from '@plantwatch/shared/canonical-json';
import { z } from 'zod';
import { ed25519SignatureSchema } from './enrollment.ts';

/**
 * Signed messages. An enrolled agent signs every message it sends with its Ed25519 key, so that a
 * console behind a broker it does not control (mosquitto, `--mqtt-url`) can tell the agent's
 * messages from anyone else's on the same topics.
 *
 * The signature travels inside the v1 message as one more top-level field, `sig`:
 *
 *   { "v": 1, "type": "drift", "siteId": ..., "seq": 42, ..., "sig": { "v": 1, "value": "<base64url>" } }
 *
 * `sig.v` 1 is Ed25519 over these canonical bytes:
 *
 *   UTF-8( "plantwatch-message-v1" LF canonicalJson(message without its "sig" field) )
 *
 * where canonicalJson (shared/src/canonical-json.ts) is JSON with object keys sorted by UTF-16 code
 * unit, no whitespace, strings and numbers written as JSON.stringify writes them (-0 as 0), and
 * `undefined` members left out. It is computed over the message as parsed from the wire, unknown
 * fields included, so nothing can be added to a signed message. The topic is not signed: the
 * decoder already requires the payload's site, agent and type to be the topic's.
 *
 * Compatibility: the protocol version stays 1. A console that knows nothing of `sig` ignores it
 * (schemas drop unknown fields); an agent that does not sign sends no `sig`, which a console
 * accepts only from agents that are not enrolled and only in development mode.
 */
export const MESSAGE_SIGNATURE_DOMAIN = 'plantwatch-message-v1';

export const messageSignatureSchema = z.object({ v: z.literal(1), value: ed25519SignatureSchema }).strict();
export type MessageSignature = z.infer<typeof messageSignatureSchema>;

/** The bytes an agent signs, from a message without `sig` (or with it: it is left out). */
export function messageSigningBytes(message: object): Buffer {
  const { sig: _sig, ...unsigned } = message as Record<string, unknown>;
  return Buffer.from(`${MESSAGE_SIGNATURE_DOMAIN}\n${canonicalJson(unsigned)}`, 'utf8');
}

/** The payload of a signed message: the message's own fields, then `sig`. */
export function signedPayload(message: object, sign: (bytes: Buffer) => Buffer): string {
  const sig: MessageSignature = { v: 1, value: sign(messageSigningBytes(message)).toString('base64url') };
  return JSON.stringify({ ...message, sig });
}

export type SignatureReading =
  | { kind: 'unsigned' }
  | { kind: 'signed'; signature: Buffer; bytes: Buffer }
  | { kind: 'malformed'; detail: string };

/** What a parsed payload says about its signature; the key check is the receiver's. Never throws. */
export function readMessageSignature(json: unknown): SignatureReading {
  if (typeof json !== 'object' || json === null || !('sig' in json)) return { kind: 'unsigned' };
  const parsed = messageSignatureSchema.safeParse((json as { sig: unknown }).sig);
  if (!parsed.success) return { kind: 'malformed', detail: 'sig: not a v1 Ed25519 signature' };
  let bytes: Buffer;
  try {
    bytes = messageSigningBytes(json);
  } catch (error) {
    // A value without a canonical form, or nesting too deep for the encoder.
    return { kind: 'malformed', detail: `no canonical form: ${(error as Error).message.slice(0, 100)}` };
  }
  return { kind: 'signed', signature: Buffer.from(parsed.data.value, 'base64url'), bytes };
}
