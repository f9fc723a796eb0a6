import { and, asc, gt, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { assets, driftRecords } from '../db/schema/index.ts';
import { type DriftRecordFilter, driftRecordWhere } from './governance/drift-record-service.ts';
import type { DriftRecordView } from './governance/drift-record-views.ts';
import { inventoryMatch } from './inventory-match.ts';
import { inventoryRows, matchWhere, selectInventoryKeys } from './inventory-query.ts';
import { reading } from './query-errors.ts';
import { inScope, type SiteScope } from './site-scope.ts';
import type { InventoryFilter, InventoryRow } from './views.ts';

export type { InventoryRow };

export interface ExportService {
  /**
   * The assets of the scope's sites matching an inventory filter, in batches by site and asset id:
   * memory stays flat however large the fleet.
   */
  inventory(scope: SiteScope, filter: InventoryFilter): Generator<InventoryRow[]>;
  /** Drift records of the scope's sites matching a filter, in batches, oldest first. */
  drift(scope: SiteScope, filter: DriftRecordFilter): Generator<DriftRecordView[]>;
}

const BATCH = 1_000;

export function createExportService(db: ConsoleDatabase): ExportService {
  return {
    *inventory(scope, filter) {
      // Counted once: how many match decides how each batch is read.
      const where = matchWhere(inventoryMatch(scope, filter));
      let after: { siteId: string; assetId: string } | undefined;
      for (;;) {
        const position = after;
        const batch = reading('inventory', () => {
          // Keyset paging: each batch starts after the last key of the one before, so a long export
          // costs the same per batch at the end as at the start.
          const keyset =
            position === undefined
              ? undefined
              : sql`(${assets.siteId}, ${assets.assetId}) > (${position.siteId}, ${position.assetId})`;
          const order = [asc(assets.siteId), asc(assets.assetId)];
          const keys = selectInventoryKeys(db, and(where, keyset), order, BATCH);
          return inventoryRows(db, keys);
        });
        if (batch.length === 0) return;
        yield batch;
        const last = batch[batch.length - 1];
        if (!last || batch.length < BATCH) return;
        after = { siteId: last.siteId, assetId: last.assetId };
      }
    },

    *drift(scope, filter) {
      let afterId = 0;
      const where = and(driftRecordWhere(filter), inScope(driftRecords.siteId, scope));
      for (;;) {
        const from = afterId;
        const batch = reading('drift records', () =>
          db
            .select()
            .from(driftRecords)
            .where(and(where, gt(driftRecords.id, from)))
            .orderBy(asc(driftRecords.id))
            .limit(BATCH)
            .all(),
        );
        if (batch.length === 0) return;
        yield batch;
        afterId = batch[batch.length - 1]?.id ?? afterId;
        if (batch.length < BATCH) return;
      }
    },
  };
}
