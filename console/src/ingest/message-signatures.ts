import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { type AgentMessage, readMessageSignature } from '@plantwatch/protocol';
import { eq, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { agentIdentities } from '../db/schema/index.ts';

/** Why a message was refused for its signature, each counted in the ingest statistics. */
export const SIGNATURE_REFUSALS = [
  /** No `sig`, from an enrolled agent, or from any agent unless unsigned agents are allowed. */
  'unsigned',
  /** A `sig` that is malformed or does not verify with the agent's enrolled key. */
  'forged',
  /** Correctly signed, but older than what the console has accepted (see docs/decisions/0005). */
  'replayed',
] as const;
export type SignatureRefusal = (typeof SIGNATURE_REFUSALS)[number];

export type SignatureCheck =
  | { ok: true; signed: boolean }
  | { ok: false; reason: SignatureRefusal | 'revoked' | 'agent_site_conflict'; detail: string };

export interface MessageSignatureOptions {
  /**
   * Development only: accept unsigned messages from agents that are not enrolled (the embedded
   * broker's anonymous agents, or `--allow-unsigned-agents` with an external broker). Enrolled
   * agents must sign every message, always.
   */
  allowUnsignedAgents: boolean;
}

/**
 * Checks the signature of every decoded message against the key the agent enrolled with
 * (protocol/src/signature.ts defines the signed bytes). The replay check needs the database
 * transaction that stores the message: it is in services/sequence-accounting.ts.
 */
export function createMessageSignatureCheck(db: ConsoleDatabase, options: MessageSignatureOptions) {
  const identityOf = db
    .select({
      siteId: agentIdentities.siteId,
      publicKey: agentIdentities.publicKey,
      revokedAt: agentIdentities.revokedAt,
    })
    .from(agentIdentities)
    .where(eq(agentIdentities.agentId, sql.placeholder('agentId')))
    .prepare();
  // Parsing a key costs more than verifying with it; a key never changes for an agent id.
  const keys = new Map<string, KeyObject>();
  const keyOf = (raw: string): KeyObject => {
    let key = keys.get(raw);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
      if (keys.size > 10_000) keys.clear();
      keys.set(raw, key);
    }
    return key;
  };

  return function check(json: unknown, message: AgentMessage): SignatureCheck {
    const identity = identityOf.get({ agentId: message.agentId });
    const reading = readMessageSignature(json);
    const who = `${message.siteId}/${message.agentId}#${message.seq}`;
    if (!identity) {
      if (reading.kind === 'unsigned') {
        return options.allowUnsignedAgents
          ? { ok: true, signed: false }
          : { ok: false, reason: 'unsigned', detail: `${who}: unsigned, from an agent that is not enrolled` };
      }
      // Nobody enrolled this agent: no key to check a signature against, whoever made it.
      return options.allowUnsignedAgents
        ? { ok: true, signed: false }
        : { ok: false, reason: 'forged', detail: `${who}: signed, but no such agent is enrolled` };
    }
    if (identity.revokedAt !== null)
      return { ok: false, reason: 'revoked', detail: `${who}: agent revoked at ${identity.revokedAt}` };
    if (identity.siteId !== message.siteId) {
      return {
        ok: false,
        reason: 'agent_site_conflict',
        detail: `${who}: agent ${message.agentId} is enrolled for site ${identity.siteId}`,
      };
    }
    if (reading.kind === 'unsigned')
      return { ok: false, reason: 'unsigned', detail: `${who}: enrolled agents must sign every message` };
    if (reading.kind === 'malformed')
      return { ok: false, reason: 'forged', detail: `${who}: ${reading.detail}` };
    let valid: boolean;
    try {
      valid = verify(null, reading.bytes, keyOf(identity.publicKey), reading.signature);
    } catch {
      valid = false;
    }
    return valid
      ? { ok: true, signed: true }
      : {
          ok: false,
          reason: 'forged',
          detail: `${who}: the signature does not verify with the enrolled key`,
        };
  };
}
export type MessageSignatureCheck = ReturnType<typeof createMessageSignatureCheck>;
