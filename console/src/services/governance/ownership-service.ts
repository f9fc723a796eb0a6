import { PlantwatchError } from '@plantwatch/shared';
import { and, asc, count, eq, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { ConsoleDatabase, Tx } from '../../db/client.ts';
import { agents, assets, owners, reviewItems } from '../../db/schema/index.ts';
import type { OwnershipInput } from '../../governance/inputs.ts';
import type { OwnedType } from '../../governance/vocabulary.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { inScope, type SiteScope } from '../site-scope.ts';
import { isoUtc } from '../time.ts';
import type { Page, PageRequest } from '../views.ts';

export interface OwnerView {
  owner: string;
  purpose: string;
  updatedAt: string;
  updatedBy: string;
}

export interface GovernanceGap {
  entityType: 'asset' | 'agent';
  siteId: string;
  entityId: string;
  /** Asset: address; agent: its last state. */
  detail: string;
  lastSeenAt: string;
}

export interface OwnershipService {
  setAssetOwner(siteId: string, assetId: string, input: OwnershipInput, actor: string): OwnerView;
  setAgentOwner(agentId: string, input: OwnershipInput, actor: string): OwnerView;
  /**
   * Assets and agents without an owner: the governance gaps. Assets ignored in the review queue
   * are not part of the governed inventory and are left out.
   */
  gaps(
    type: 'asset' | 'agent',
    filter: { siteId?: string | undefined; sites?: SiteScope | undefined },
    page: PageRequest,
  ): Page<GovernanceGap>;
  gapCounts(): { assets: number; agents: number };
  /** The site of an agent; throws `not_found`. */
  agentSite(agentId: string): string;
}

interface OwnedEntity {
  entityType: OwnedType;
  siteId: string;
  entityId: string;
}

/** Writes an owner and audits it; used by the review queue too. */
export function writeOwner(
  tx: Tx,
  entity: OwnedEntity,
  input: OwnershipInput,
  actor: string,
  at: string,
): OwnerView {
  const key = and(
    eq(owners.entityType, entity.entityType),
    eq(owners.siteId, entity.siteId),
    eq(owners.entityId, entity.entityId),
  );
  const before =
    tx.select({ owner: owners.owner, purpose: owners.purpose }).from(owners).where(key).get() ?? null;
  const row = { ...input, updatedAt: at, updatedBy: actor };
  tx.insert(owners)
    .values({ ...entity, ...row })
    .onConflictDoUpdate({ target: [owners.entityType, owners.siteId, owners.entityId], set: row })
    .run();
  appendAudit(
    tx,
    {
      actor,
      action: 'owner.set',
      entityType: entity.entityType,
      entityId: `${entity.siteId}/${entity.entityId}`,
      details: { before, after: input },
    },
    at,
  );
  return row;
}

const unownedAsset = and(
  isNull(owners.owner),
  or(isNull(reviewItems.status), ne(reviewItems.status, 'ignored')),
) as SQL;

export function createOwnershipService(db: ConsoleDatabase, options: { now: () => Date }): OwnershipService {
  const assetGaps = (where: SQL | undefined) =>
    db
      .select({
        siteId: assets.siteId,
        entityId: assets.assetId,
        host: assets.host,
        port: assets.port,
        protocol: assets.protocol,
        lastSeenAt: assets.lastPollAt,
      })
      .from(assets)
      .leftJoin(
        owners,
        and(
          eq(owners.entityType, 'asset'),
          eq(owners.siteId, assets.siteId),
          eq(owners.entityId, assets.assetId),
        ),
      )
      .leftJoin(
        reviewItems,
        and(
          eq(reviewItems.siteId, assets.siteId),
          eq(reviewItems.assetId, assets.assetId),
          eq(reviewItems.origin, 'polled'),
        ),
      )
      .where(and(unownedAsset, where));
  const agentGaps = (where: SQL | undefined) =>
    db
      .select({
        siteId: agents.siteId,
        entityId: agents.agentId,
        state: agents.state,
        lastSeenAt: agents.lastSeenAt,
      })
      .from(agents)
      .leftJoin(
        owners,
        and(
          eq(owners.entityType, 'agent'),
          eq(owners.siteId, agents.siteId),
          eq(owners.entityId, agents.agentId),
        ),
      )
      .where(and(isNull(owners.owner), where));

  return {
    agentSite(agentId) {
      const agent = reading('agents', () =>
        db.select({ siteId: agents.siteId }).from(agents).where(eq(agents.agentId, agentId)).get(),
      );
      if (agent === undefined) throw new PlantwatchError('not_found', `no agent ${agentId}`);
      return agent.siteId;
    },
    setAssetOwner(siteId, assetId, input, actor) {
      return db.transaction((tx) => {
        const known = tx
          .select({ id: assets.assetId })
          .from(assets)
          .where(and(eq(assets.siteId, siteId), eq(assets.assetId, assetId)))
          .get();
        if (!known) throw new PlantwatchError('not_found', `no asset ${assetId} at site ${siteId}`);
        return writeOwner(
          tx,
          { entityType: 'asset', siteId, entityId: assetId },
          input,
          actor,
          isoUtc(options.now()),
        );
      });
    },

    setAgentOwner(agentId, input, actor) {
      return db.transaction((tx) => {
        const agent = tx
          .select({ siteId: agents.siteId })
          .from(agents)
          .where(eq(agents.agentId, agentId))
          .get();
        if (!agent) throw new PlantwatchError('not_found', `no agent ${agentId}`);
        return writeOwner(
          tx,
          { entityType: 'agent', siteId: agent.siteId, entityId: agentId },
          input,
          actor,
          isoUtc(options.now()),
        );
      });
    },

    gaps(type, filter, page) {
      return reading('governance gaps', () => {
        if (type === 'asset') {
          const where = and(
            filter.siteId === undefined ? undefined : eq(assets.siteId, filter.siteId),
            filter.sites === undefined ? undefined : inScope(assets.siteId, filter.sites),
          );
          const rows = assetGaps(where)
            .orderBy(asc(assets.siteId), asc(assets.assetId))
            .limit(page.limit)
            .offset(page.offset)
            .all();
          return {
            items: rows.map((row) => ({
              entityType: 'asset' as const,
              siteId: row.siteId,
              entityId: row.entityId,
              detail: `${row.protocol} ${row.host}:${row.port}`,
              lastSeenAt: row.lastSeenAt,
            })),
            total: countOf(db.select({ total: count() }).from(assetGaps(where).as('gaps'))),
          };
        }
        const where = and(
          filter.siteId === undefined ? undefined : eq(agents.siteId, filter.siteId),
          filter.sites === undefined ? undefined : inScope(agents.siteId, filter.sites),
        );
        const rows = agentGaps(where)
          .orderBy(asc(agents.siteId), asc(agents.agentId))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items: rows.map((row) => ({
            entityType: 'agent' as const,
            siteId: row.siteId,
            entityId: row.entityId,
            detail: row.state,
            lastSeenAt: row.lastSeenAt,
          })),
          total: countOf(db.select({ total: count() }).from(agentGaps(where).as('gaps'))),
        };
      });
    },

    gapCounts() {
      return reading('governance gaps', () => ({
        assets: countOf(db.select({ total: count() }).from(assetGaps(undefined).as('gaps'))),
        agents: countOf(db.select({ total: count() }).from(agentGaps(undefined).as('gaps'))),
      }));
    },
  };
}

function countOf(query: { get(): { total: number } | undefined }): number {
  return query.get()?.total ?? 0;
}
