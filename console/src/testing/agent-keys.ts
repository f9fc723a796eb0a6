import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { type EnrollRequest, enrollmentProofMessage } from '@plantwatch/protocol';

/** An agent's Ed25519 key pair as the agent makes it, with its public key in wire form. */
export interface AgentKeys {
  privateKey: KeyObject;
  /** Raw 32 bytes, base64url. */
  publicKey: string;
}

export function agentKeys(): AgentKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKey.export({ format: 'jwk' }).x as string };
}

/** The body an agent posts to enroll, proof included. */
export function enrollRequest(token: string, keys: AgentKeys = agentKeys(), agentId?: string): EnrollRequest {
  const proof = sign(null, enrollmentProofMessage(token, keys.publicKey), keys.privateKey).toString(
    'base64url',
  );
  return { token, publicKey: keys.publicKey, proof, ...(agentId ? { agentId } : {}) };
}
