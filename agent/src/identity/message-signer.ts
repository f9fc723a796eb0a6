import { type KeyObject, sign } from 'node:crypto';
import path from 'node:path';
import { type AgentMessage, signedPayload } from '@plantwatch/protocol';
import { IDENTITY_FILES, readPrivateKey } from './identity-files.ts';

/** Turns a message into its MQTT payload. */
export type MessageSerializer = (message: AgentMessage) => string;

/**
 * An enrolled agent signs every message with its Ed25519 key (see protocol/src/signature.ts), so
 * that a console behind a broker it does not control can verify where each one came from. An
 * agent that is not enrolled (development) sends plain JSON.
 */
export function createMessageSerializer(identity: { dir: string } | undefined): MessageSerializer {
  if (identity === undefined) return (message) => JSON.stringify(message);
  const key: KeyObject = readPrivateKey({ keyFile: path.join(identity.dir, IDENTITY_FILES.key) });
  return (message) => signedPayload(message, (bytes) => sign(null, bytes, key));
}
