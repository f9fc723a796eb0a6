import { diffStates } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import { and, asc, count, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { assetLinks, assets, assetVersions, baselines, owners, reviewItems } from '../db/schema/index.ts';
import type { DriftService } from './drift-service.ts';
import type { DriftRecordService } from './governance/drift-record-service.ts';
import { loadState } from './governance/evaluate-config.ts';
import { inventoryPage } from './inventory-query.ts';
import { reading } from './query-errors.ts';
import { requireSite, type SiteScope } from './site-scope.ts';
import type {
  AssetDetail,
  AssetSummary,
  InventoryFilter,
  InventorySort,
  Page,
  PageRequest,
  SortedPageRequest,
  VersionDiff,
} from './views.ts';

const HISTORY_LIMIT = 100;

/** Every method takes the caller's site scope: lists hold only its sites, other sites are `not_found`. */
export interface AssetService {
  /** Assets matching an inventory filter, sorted and paged in SQL. */
  listAssets(
    scope: SiteScope,
    filter: InventoryFilter,
    page: SortedPageRequest<InventorySort>,
  ): Page<AssetSummary>;
  /** Throws `not_found` for an unknown asset. */
  getAsset(scope: SiteScope, siteId: string, assetId: string): AssetDetail;
  /** The hosts a switch reported, by first sighting. */
  listLinks(scope: SiteScope, siteId: string, assetId: string, page: PageRequest): Page<AssetLinkView>;
  /**
   * The changes from one configuration of an asset to another, by fingerprint. Throws `not_found`
   * unless the asset has been seen in both: fingerprints are global, and a fingerprint of another
   * site's device must not open its configuration.
   */
  diffVersions(scope: SiteScope, siteId: string, assetId: string, from: string, to: string): VersionDiff;
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
    listAssets(scope, filter, page) {
      return reading('assets', () => {
        const { keys, total } = inventoryPage(db, scope, filter, page);
        const rows =
          keys.length === 0
            ? []
            : db
                .select({ rowid: sql<number>`${assets}.rowid`, ...assetSummaryColumns })
                .from(assets)
                .where(sql`${assets}.rowid in ${keys}`)
                .all();
        const byRowid = new Map(rows.map(({ rowid, ...row }) => [rowid, row]));
        const items = keys.flatMap((key) => byRowid.get(key) ?? []);
        return { items, total };
      });
    },

    getAsset(scope, siteId, assetId) {
      requireSite(scope, siteId, `asset ${assetId} at site ${siteId}`);
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

    listLinks(scope, siteId, assetId, page) {
      requireSite(scope, siteId, `asset ${assetId} at site ${siteId}`);
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

    diffVersions(scope, siteId, assetId, from, to) {
      requireSite(scope, siteId, `asset ${assetId} at site ${siteId}`);
      const seen = reading(`versions of ${siteId}/${assetId}`, () =>
        db
          .select({
            fingerprint: assetVersions.fingerprint,
            observedAt: sql<string>`min(${assetVersions.observedAt})`,
          })
          .from(assetVersions)
          .where(
            and(
              eq(assetVersions.siteId, siteId),
              eq(assetVersions.assetId, assetId),
              inArray(assetVersions.fingerprint, [from, to]),
            ),
          )
          .groupBy(assetVersions.fingerprint)
          .all(),
      );
      const version = (fingerprint: string) => {
        const found = seen.find((row) => row.fingerprint === fingerprint);
        if (!found) {
          throw new PlantwatchError(
            'not_found',
            `asset ${assetId} at site ${siteId} has no version ${fingerprint}`,
          );
        }
        return found;
      };
      const before = version(from);
      const after = version(to);
      const changes = reading('configurations', () => diffStates(loadState(db, from), loadState(db, to)));
      return { from: before, to: after, changes };
    },
  };
}
