import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { SiteScope } from '../../auth/principal.ts';
import type { DbOrTx } from '../../db/client.ts';
import { agentIdentities, agents, enrollmentTokens } from '../../db/schema/index.ts';
import type { Page, PageRequest } from '../views.ts';

/** An enrolled agent as people see it: never its password hash. */
export interface AgentIdentityView {
  agentId: string;
  siteId: string;
  state: 'active' | 'revoked';
  owner: string;
  purpose: string;
  enrolledAt: string;
  /** Who created the enrollment token the agent used. */
  enrolledBy: string;
  enrollmentTokenId: string;
  mqttUsername: string;
  /** Raw Ed25519 public key, base64url. */
  publicKey: string;
  credentialsRotatedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  /** When the console last heard from the agent; null before its first message. */
  lastSeenAt: string | null;
}

export interface EnrollmentTokenView {
  tokenId: string;
  siteId: string;
  state: 'open' | 'used' | 'expired';
  owner: string;
  purpose: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  usedAt: string | null;
  usedByAgentId: string | null;
}

export interface EnrollmentFilter {
  siteId?: string | undefined;
}

const identityColumns = {
  agentId: agentIdentities.agentId,
  siteId: agentIdentities.siteId,
  owner: agentIdentities.owner,
  purpose: agentIdentities.purpose,
  enrolledAt: agentIdentities.enrolledAt,
  enrolledBy: agentIdentities.enrolledBy,
  enrollmentTokenId: agentIdentities.enrollmentTokenId,
  mqttUsername: agentIdentities.mqttUsername,
  publicKey: agentIdentities.publicKey,
  credentialsRotatedAt: agentIdentities.credentialsRotatedAt,
  revokedAt: agentIdentities.revokedAt,
  revokedBy: agentIdentities.revokedBy,
  lastSeenAt: agents.lastSeenAt,
};

function scoped(column: AnySQLiteColumn, scope: SiteScope, filter: EnrollmentFilter) {
  const conditions: SQL[] = [];
  if (scope !== null) conditions.push(inArray(column, [...scope]));
  if (filter.siteId !== undefined) conditions.push(eq(column, filter.siteId));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

type IdentityRow = Omit<AgentIdentityView, 'state'>;
const toIdentityView = (row: IdentityRow): AgentIdentityView => ({
  ...row,
  state: row.revokedAt === null ? 'active' : 'revoked',
});

/** Newest enrollment first. */
export function listIdentities(
  db: DbOrTx,
  scope: SiteScope,
  filter: EnrollmentFilter,
  page: PageRequest,
): Page<AgentIdentityView> {
  const where = scoped(agentIdentities.siteId, scope, filter);
  const rows = db
    .select(identityColumns)
    .from(agentIdentities)
    .leftJoin(agents, eq(agents.agentId, agentIdentities.agentId))
    .where(where)
    .orderBy(desc(agentIdentities.enrolledAt), agentIdentities.agentId)
    .limit(page.limit)
    .offset(page.offset)
    .all();
  const total = db.select({ total: count() }).from(agentIdentities).where(where).get()?.total ?? 0;
  return { items: rows.map(toIdentityView), total };
}

export function findIdentity(db: DbOrTx, agentId: string): AgentIdentityView | undefined {
  const row = db
    .select(identityColumns)
    .from(agentIdentities)
    .leftJoin(agents, eq(agents.agentId, agentIdentities.agentId))
    .where(eq(agentIdentities.agentId, agentId))
    .get();
  return row && toIdentityView(row);
}

/** Newest first. */
export function listTokens(
  db: DbOrTx,
  scope: SiteScope,
  filter: EnrollmentFilter,
  page: PageRequest,
  at: string,
): Page<EnrollmentTokenView> {
  const where = scoped(enrollmentTokens.siteId, scope, filter);
  const rows = db
    .select()
    .from(enrollmentTokens)
    .where(where)
    .orderBy(desc(enrollmentTokens.createdAt), enrollmentTokens.tokenId)
    .limit(page.limit)
    .offset(page.offset)
    .all();
  const total = db.select({ total: count() }).from(enrollmentTokens).where(where).get()?.total ?? 0;
  return { items: rows.map((row) => toTokenView(row, at)), total };
}

export function toTokenView(row: typeof enrollmentTokens.$inferSelect, at: string): EnrollmentTokenView {
  const { tokenHash: _hash, ...rest } = row;
  const state = row.usedAt !== null ? 'used' : row.expiresAt <= at ? 'expired' : 'open';
  return { ...rest, state };
}
