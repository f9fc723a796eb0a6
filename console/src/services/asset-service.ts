import { PlantwatchError } from '@plantwatch/shared';
import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { assets, assetVersions } from '../db/schema/index.ts';
import type { DriftService } from './drift-service.ts';
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
}

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
};

export function createAssetService(db: ConsoleDatabase, drift: DriftService): AssetService {
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
        return { row, versions };
      });
      if (!detail) throw new PlantwatchError('not_found', `no asset ${assetId} at site ${siteId}`);
      const events = drift.listDrift({ siteId, assetId }, { limit: HISTORY_LIMIT, offset: 0 });
      const { row, versions } = detail;
      return { ...row, versions, drift: events.items };
    },
  };
}
