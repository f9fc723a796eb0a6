import { EventEmitter } from 'node:events';
import { type EnrollRequest, type EnrollResponse, enrollmentProofMessage } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import { eq, sql } from 'drizzle-orm';
import { type Principal, requirePermission, requireSite } from '../../auth/principal.ts';
import { randomSecret, secretHash } from '../../auth/secrets.ts';
import type { ConsoleDatabase, Tx } from '../../db/client.ts';
import { agentIdentities, agents, enrollmentTokens } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { isoUtc } from '../time.ts';
import type { Page, PageRequest } from '../views.ts';
import type { EnrollmentTokenInput } from './enrollment-inputs.ts';
import {
  type AgentIdentityView,
  type EnrollmentFilter,
  type EnrollmentTokenView,
  findIdentity,
  listIdentities,
  listTokens,
  toTokenView,
} from './enrollment-views.ts';
import { ed25519PublicKey, ed25519Verifies, newId, secretMatches } from './secrets.ts';

/** Where enrolled agents connect: told to each agent at enrollment. */
export interface AgentBrokerInfo {
  url: string;
  /** PEM of the CA that signed the broker's certificate; null without TLS (development). */
  caCertificate: string | null;
  /** Its SHA-256 (`AB:CD:...`), for `plantwatch-agent enroll --ca-fingerprint`. */
  caFingerprint?: string | null;
}

/** The token itself is shown once, at creation; the console keeps only its hash. */
export interface CreatedEnrollmentToken extends EnrollmentTokenView {
  token: string;
}

export interface RotatedCredentials {
  identity: AgentIdentityView;
  /** Shown once: the agent needs it in its identity directory (`mqtt-password`). */
  mqtt: { username: string; password: string };
}

export interface IdentityEvents {
  /** An agent's credentials stopped being valid (revoked or rotated): drop its connections. */
  invalidated: [agentId: string];
}

/** The broker's answer to an agent's MQTT user name and password. */
export type AgentAuthentication =
  | { ok: true; agentId: string; siteId: string }
  | { ok: false; reason: 'bad_credentials' | 'revoked' };

export interface EnrollmentService {
  createToken(input: EnrollmentTokenInput, principal: Principal): CreatedEnrollmentToken;
  listTokens(principal: Principal, filter: EnrollmentFilter, page: PageRequest): Page<EnrollmentTokenView>;
  /** Unauthenticated: the token is the authorization. Single use, checked in one transaction. */
  redeem(request: EnrollRequest): EnrollResponse;
  listIdentities(principal: Principal, filter: EnrollmentFilter, page: PageRequest): Page<AgentIdentityView>;
  getIdentity(principal: Principal, agentId: string): AgentIdentityView;
  /** Refused from now on; its broker connection is closed at once (see `events`). */
  revoke(agentId: string, principal: Principal): AgentIdentityView;
  /** A new MQTT password; the old one stops working at once. */
  rotate(agentId: string, principal: Principal): RotatedCredentials;
  /** Where agents connect and the CA they receive: public, shown next to a new token. */
  broker(): AgentBrokerInfo;
  /** For the broker, at every connect: no principal, the password is the credential. */
  authenticateAgent(username: string, password: string): AgentAuthentication;
  readonly events: EventEmitter<IdentityEvents>;
}

export interface EnrollmentServiceOptions {
  now: () => Date;
  broker: () => AgentBrokerInfo;
}

export const ENROLLMENT_TOKEN_PREFIX = 'pwenroll_';

export function createEnrollmentService(
  db: ConsoleDatabase,
  options: EnrollmentServiceOptions,
): EnrollmentService {
  const { now } = options;
  const events = new EventEmitter<IdentityEvents>();
  const credentialsOf = db
    .select({
      agentId: agentIdentities.agentId,
      siteId: agentIdentities.siteId,
      passwordHash: agentIdentities.mqttPasswordHash,
      revokedAt: agentIdentities.revokedAt,
    })
    .from(agentIdentities)
    .where(eq(agentIdentities.mqttUsername, sql.placeholder('username')))
    .prepare();

  function scopedIdentity(tx: Tx | ConsoleDatabase, principal: Principal, agentId: string) {
    const identity = findIdentity(tx, agentId);
    if (!identity) throw new PlantwatchError('not_found', `agent ${agentId} is not enrolled`);
    requireSite(principal.sites, identity.siteId, `agent ${agentId}`);
    return identity;
  }

  return {
    events,
    broker: options.broker,

    authenticateAgent(username, password) {
      const found = credentialsOf.get({ username });
      // An unknown user still costs a hash comparison: the answer time says nothing about users.
      const matches = secretMatches(password, found?.passwordHash ?? '0'.repeat(64));
      if (!found || !matches) return { ok: false, reason: 'bad_credentials' };
      if (found.revokedAt !== null) return { ok: false, reason: 'revoked' };
      return { ok: true, agentId: found.agentId, siteId: found.siteId };
    },

    createToken(input, principal) {
      requirePermission(principal, 'enroll');
      requireSite(principal.sites, input.siteId);
      const at = now();
      const token = `${ENROLLMENT_TOKEN_PREFIX}${randomSecret()}`;
      const row = {
        tokenId: newId('et_'),
        tokenHash: secretHash(token),
        siteId: input.siteId,
        owner: input.owner,
        purpose: input.purpose,
        createdAt: isoUtc(at),
        createdBy: principal.actor,
        expiresAt: isoUtc(new Date(at.getTime() + input.ttlMinutes * 60_000)),
        usedAt: null,
        usedByAgentId: null,
      };
      db.transaction((tx) => {
        tx.insert(enrollmentTokens).values(row).run();
        appendAudit(
          tx,
          {
            actor: principal.actor,
            action: 'enrollment_token.created',
            entityType: 'enrollment_token',
            entityId: row.tokenId,
            details: { siteId: row.siteId, owner: row.owner, purpose: row.purpose, expiresAt: row.expiresAt },
          },
          row.createdAt,
        );
      });
      return { ...toTokenView(row, row.createdAt), token };
    },

    listTokens(principal, filter, page) {
      return reading('enrollment tokens', () => listTokens(db, principal.sites, filter, page, isoUtc(now())));
    },

    redeem(request) {
      // Checked before the transaction: a bad key or proof must not use up the token.
      const key = ed25519PublicKey(request.publicKey);
      if (!ed25519Verifies(key, enrollmentProofMessage(request.token, request.publicKey), request.proof)) {
        throw new PlantwatchError('invalid_argument', 'proof: is not a signature of the token by this key');
      }
      const broker = options.broker();
      const at = isoUtc(now());
      const password = randomSecret();
      return db.transaction((tx) => {
        const token = tx
          .select()
          .from(enrollmentTokens)
          .where(eq(enrollmentTokens.tokenHash, secretHash(request.token)))
          .get();
        // Saying why helps the technician; it tells nothing to someone without the token.
        if (!token) throw new PlantwatchError('unauthenticated', 'the enrollment token is not valid');
        if (token.usedAt !== null)
          throw new PlantwatchError('unauthenticated', 'the enrollment token has already been used');
        if (token.expiresAt <= at)
          throw new PlantwatchError('unauthenticated', `the enrollment token expired at ${token.expiresAt}`);

        const agentId = request.agentId ?? newId('gw-');
        if (tx.select().from(agentIdentities).where(eq(agentIdentities.agentId, agentId)).get()) {
          throw new PlantwatchError(
            'conflict',
            `agent ${agentId} is already enrolled; choose another agent id (the token is still valid)`,
          );
        }
        // An agent that reported before enrollment (development mode) keeps its site.
        const known = tx
          .select({ siteId: agents.siteId })
          .from(agents)
          .where(eq(agents.agentId, agentId))
          .get();
        if (known && known.siteId !== token.siteId) {
          throw new PlantwatchError(
            'conflict',
            `agent ${agentId} already reports for another site; choose another agent id (the token is still valid)`,
          );
        }
        tx.insert(agentIdentities)
          .values({
            agentId,
            siteId: token.siteId,
            publicKey: request.publicKey,
            mqttUsername: agentId,
            mqttPasswordHash: secretHash(password),
            owner: token.owner,
            purpose: token.purpose,
            enrolledAt: at,
            enrolledBy: token.createdBy,
            enrollmentTokenId: token.tokenId,
            credentialsRotatedAt: null,
            revokedAt: null,
            revokedBy: null,
            lastSignedSeq: 0,
          })
          .run();
        tx.update(enrollmentTokens)
          .set({ usedAt: at, usedByAgentId: agentId })
          .where(eq(enrollmentTokens.tokenId, token.tokenId))
          .run();
        // Not a person's action, but the moment a new identity appears: the trail must show it.
        appendAudit(
          tx,
          {
            actor: `agent:${agentId}`,
            action: 'agent_identity.enrolled',
            entityType: 'agent_identity',
            entityId: agentId,
            details: {
              siteId: token.siteId,
              tokenId: token.tokenId,
              tokenCreatedBy: token.createdBy,
              owner: token.owner,
              purpose: token.purpose,
              publicKey: request.publicKey,
            },
          },
          at,
        );
        return {
          agentId,
          siteId: token.siteId,
          enrolledAt: at,
          mqtt: { url: broker.url, username: agentId, password },
          caCertificate: broker.caCertificate,
        };
      });
    },

    listIdentities(principal, filter, page) {
      return reading('agent identities', () => listIdentities(db, principal.sites, filter, page));
    },

    getIdentity(principal, agentId) {
      return reading(`agent ${agentId}`, () => scopedIdentity(db, principal, agentId));
    },

    revoke(agentId, principal) {
      requirePermission(principal, 'enroll');
      const at = isoUtc(now());
      const revoked = db.transaction((tx) => {
        const identity = scopedIdentity(tx, principal, agentId);
        if (identity.revokedAt !== null)
          throw new PlantwatchError('conflict', `agent ${agentId} is already revoked`);
        tx.update(agentIdentities)
          .set({ revokedAt: at, revokedBy: principal.actor })
          .where(eq(agentIdentities.agentId, agentId))
          .run();
        appendAudit(
          tx,
          {
            actor: principal.actor,
            action: 'agent_identity.revoked',
            entityType: 'agent_identity',
            entityId: agentId,
            details: { siteId: identity.siteId, owner: identity.owner },
          },
          at,
        );
        return { ...identity, state: 'revoked' as const, revokedAt: at, revokedBy: principal.actor };
      });
      events.emit('invalidated', agentId);
      return revoked;
    },

    rotate(agentId, principal) {
      requirePermission(principal, 'enroll');
      const at = isoUtc(now());
      const password = randomSecret();
      const rotated = db.transaction((tx) => {
        const identity = scopedIdentity(tx, principal, agentId);
        if (identity.revokedAt !== null)
          throw new PlantwatchError('conflict', `agent ${agentId} is revoked; enroll it again instead`);
        tx.update(agentIdentities)
          .set({ mqttPasswordHash: secretHash(password), credentialsRotatedAt: at })
          .where(eq(agentIdentities.agentId, agentId))
          .run();
        appendAudit(
          tx,
          {
            actor: principal.actor,
            action: 'agent_identity.credentials_rotated',
            entityType: 'agent_identity',
            entityId: agentId,
            details: { siteId: identity.siteId, mqttUsername: identity.mqttUsername },
          },
          at,
        );
        return {
          identity: { ...identity, credentialsRotatedAt: at },
          mqtt: { username: identity.mqttUsername, password },
        };
      });
      events.emit('invalidated', agentId);
      return rotated;
    },
  };
}
