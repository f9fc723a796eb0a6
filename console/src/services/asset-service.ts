import { PlantwatchError } from '@plantwatch/shared';
import { and, asc, count, desc, eq, getTableColumns } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { assetLinks, assets, assetVersions, baselines, owners, reviewItems } from '../db/schema/index.ts';
import type { DriftService } from './drift-service.ts';
import type { DriftRecordService } from './governance/drift-record-service.ts';
import { reading } from './query-errors.ts';
import type { AssetDetail, AssetSummary, Page, PageRequest } from './views.ts';

const HISTORY_LIMIT = 100;

export interface AssetFilter {
  siteId?: string | undefined;
}

export interface AssetService {
  /** Ordered by site, then asset id. */
  listAssets(filter: AssetFilter, page: PageRequest): Page<AssetSummary>;
  /** Throws `not_found` for an unknown asset. */
  getAsset(siteId: string, assetId: string): AssetDetail;
  /** The hosts a switch reported, by first sighting. */
  listLinks(siteId: string, assetId: string, page: PageRequest): Page<AssetLinkView>;
}

export type AssetLinkView = Omit<typeof assetLinks.$inferSelect, 'id' | 'linkKey' | 'siteId' | 'assetId'>;

const assetSummaryColumns = {
  siteId: assets.siteId,
  assetId: assets.assetId,
  agentId: assets.agentId,
  protocol: assets.protocol,
  host: assets.host,
  port: assets.port,
  unitId: assets.unitId,
  identity: assets.identity,
  fingerprint: assets.fingerprint,
  poll: assets.poll,
  lastPollAt: assets.lastPollAt,
  consecutiveFailures: assets.consecutiveFailures,
};

export function createAssetService(
  db: ConsoleDatabase,
  drift: DriftRecordService,
  agentEvents: DriftService,
): AssetService {
  return {
    listAssets(filter, page) {
      return reading('assets', () => {
        const where = filter.siteId === undefined ? undefined : eq(assets.siteId, filter.siteId);
        const items = db
          .select(assetSummaryColumns)
          .from(assets)
          .where(where)
          .orderBy(asc(assets.siteId), asc(assets.assetId))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const total = db.select({ total: count() }).from(assets).where(where).get()?.total ?? 0;
        return { items, total };
      });
    },

    getAsset(siteId, assetId) {
      const detail = reading(`asset ${siteId}/${assetId}`, () => {
        const row = db
          .select({ ...assetSummaryColumns, values: assets.values })
          .from(assets)
          .where(and(eq(assets.siteId, siteId), eq(assets.assetId, assetId)))
          .get();
        if (!row) return undefined;
        const versions = db
          .select({ fingerprint: assetVersions.fingerprint, observedAt: assetVersions.observedAt })
          .from(assetVersions)
          .where(and(eq(assetVersions.siteId, siteId), eq(assetVersions.assetId, assetId)))
          .orderBy(desc(assetVersions.id))
          .limit(HISTORY_LIMIT)
          .all();
        const baseline =
          db
            .select({
              fingerprint: baselines.fingerprint,
              source: baselines.source,
              driftRecordId: baselines.driftRecordId,
              establishedAt: baselines.establishedAt,
              establishedBy: baselines.establishedBy,
            })
            .from(baselines)
            .where(and(eq(baselines.siteId, siteId), eq(baselines.assetId, assetId)))
            .get() ?? null;
        const owner =
          db
            .select({
              owner: owners.owner,
              purpose: owners.purpose,
              updatedAt: owners.updatedAt,
              updatedBy: owners.updatedBy,
            })
            .from(owners)
            .where(
              and(eq(owners.entityType, 'asset'), eq(owners.siteId, siteId), eq(owners.entityId, assetId)),
            )
            .get() ?? null;
        const review =
          db
            .select({ id: reviewItems.id, status: reviewItems.status })
            .from(reviewItems)
            .where(and(eq(reviewItems.siteId, siteId), eq(reviewItems.itemKey, `asset:${assetId}`)))
            .get() ?? null;
        return { row, versions, baseline, owner, review };
      });
      if (!detail) throw new PlantwatchError('not_found', `no asset ${assetId} at site ${siteId}`);
      const firstPage = { limit: HISTORY_LIMIT, offset: 0 };
      const { row, versions, baseline, owner, review } = detail;
      return {
        ...row,
        owner,
        review,
        baseline,
        versions,
        drift: drift.list({ siteId, assetId }, firstPage).items,
        agentEvents: agentEvents.listDrift({ siteId, assetId }, firstPage).items,
      };
    },

    listLinks(siteId, assetId, page) {
      return reading(`links of ${siteId}/${assetId}`, () => {
        const where = and(eq(assetLinks.siteId, siteId), eq(assetLinks.assetId, assetId));
        const {
          id: _id,
          linkKey: _key,
          siteId: _site,
          assetId: _asset,
          ...columns
        } = getTableColumns(assetLinks);
        const items = db
          .select(columns)
          .from(assetLinks)
          .where(where)
          .orderBy(asc(assetLinks.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items,
          total: db.select({ total: count() }).from(assetLinks).where(where).get()?.total ?? 0,
        };
      });
    },
  };
}
