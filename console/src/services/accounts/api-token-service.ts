import { randomUUID } from 'node:crypto';
import { PlantwatchError } from '@plantwatch/shared';
import { desc, eq } from 'drizzle-orm';
import type { Principal } from '../../auth/principal.ts';
import type { Role } from '../../auth/roles.ts';
import { randomSecret, secretHash } from '../../auth/secrets.ts';
import type { ConsoleDatabase } from '../../db/client.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { isoUtc } from '../time.ts';
import { type ApiTokenInput, parseScope, storeScope } from './account-inputs.ts';

/** Recognizable in logs and by secret scanners. */
export const API_TOKEN_PREFIX = 'pwt_';

export interface ApiTokenView {
  tokenId: string;
  name: string;
  role: Role;
  sites: readonly string[] | null;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenService {
  /** The secret is returned once and never stored. */
  create(input: ApiTokenInput, actor: string): { token: string; view: ApiTokenView };
  list(): ApiTokenView[];
  revoke(tokenId: string, actor: string): ApiTokenView;
  /** The token's principal, or undefined for an unknown, revoked or expired token. */
  resolve(secret: string): Principal | undefined;
}

type TokenRow = typeof apiTokens.$inferSelect;
const TOUCH_EVERY_MS = 60_000;

function toView(row: TokenRow): ApiTokenView {
  const { tokenHash: _hash, siteScope, ...rest } = row;
  return { ...rest, sites: parseScope(siteScope) };
}

export function createApiTokenService(db: ConsoleDatabase, options: { now: () => Date }): ApiTokenService {
  function row(tokenId: string): TokenRow {
    const found = reading('API tokens', () =>
      db.select().from(apiTokens).where(eq(apiTokens.tokenId, tokenId)).get(),
    );
    if (found === undefined) throw new PlantwatchError('not_found', `API token ${tokenId} not found`);
    return found;
  }

  return {
    create(input, actor) {
      const { name, role, sites, expiresInDays } = input;
      const now = options.now();
      const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
      const values: TokenRow = {
        tokenId: randomUUID(),
        name,
        tokenHash: secretHash(token),
        role,
        siteScope: storeScope(sites),
        createdAt: isoUtc(now),
        createdBy: actor,
        expiresAt:
          expiresInDays === undefined ? null : isoUtc(new Date(now.getTime() + expiresInDays * 86_400_000)),
        lastUsedAt: null,
        revokedAt: null,
      };
      db.transaction((tx) => {
        tx.insert(apiTokens).values(values).run();
        appendAudit(
          tx,
          {
            actor,
            action: 'api_token.created',
            entityType: 'api_token',
            entityId: values.tokenId,
            details: { name, role, sites, expiresAt: values.expiresAt },
          },
          values.createdAt,
        );
      });
      return { token, view: toView(values) };
    },
    list() {
      return reading('API tokens', () =>
        db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).all().map(toView),
      );
    },
    revoke(tokenId, actor) {
      const before = row(tokenId);
      if (before.revokedAt !== null) return toView(before);
      const at = isoUtc(options.now());
      db.transaction((tx) => {
        tx.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.tokenId, tokenId)).run();
        appendAudit(
          tx,
          {
            actor,
            action: 'api_token.revoked',
            entityType: 'api_token',
            entityId: tokenId,
            details: { name: before.name },
          },
          at,
        );
      });
      return toView(row(tokenId));
    },
    resolve(secret) {
      if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 128) return undefined;
      const found = db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.tokenHash, secretHash(secret)))
        .get();
      if (found === undefined || found.revokedAt !== null) return undefined;
      const now = options.now();
      if (found.expiresAt !== null && found.expiresAt <= isoUtc(now)) return undefined;
      if (found.lastUsedAt === null || now.getTime() - Date.parse(found.lastUsedAt) >= TOUCH_EVERY_MS) {
        db.update(apiTokens)
          .set({ lastUsedAt: isoUtc(now) })
          .where(eq(apiTokens.tokenId, found.tokenId))
          .run();
      }
      return {
        kind: 'token',
        id: found.tokenId,
        actor: `token:${found.name}`,
        role: found.role,
        sites: parseScope(found.siteScope),
      };
    },
  };
}
