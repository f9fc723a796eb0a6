import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { assets, baselines, driftRecords, owners, reviewItems } from '../db/schema/index.ts';
import { type DriftRecordFilter, driftRecordWhere } from './governance/drift-record-service.ts';
import type { DriftRecordView } from './governance/drift-record-views.ts';
import { reading } from './query-errors.ts';

export interface InventoryRow {
  siteId: string;
  assetId: string;
  agentId: string;
  protocol: string;
  host: string;
  port: number;
  unitId: number | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  firmware: string | null;
  fingerprint: string | null;
  baselineFingerprint: string | null;
  lastPollAt: string;
  pollOk: boolean;
  owner: string | null;
  purpose: string | null;
  reviewStatus: string | null;
}

export interface ExportService {
  /** Every asset (of a site), in batches by site and asset id: memory stays flat however large the fleet. */
  inventory(filter: { siteId?: string | undefined }): Generator<InventoryRow[]>;
  /** Drift records matching a filter, in batches, oldest first. */
  drift(filter: DriftRecordFilter): Generator<DriftRecordView[]>;
}

const BATCH = 1_000;

export function createExportService(db: ConsoleDatabase): ExportService {
  return {
    *inventory(filter) {
      let after: { siteId: string; assetId: string } | undefined;
      for (;;) {
        const position = after;
        const batch = reading('inventory', () =>
          db
            .select({
              siteId: assets.siteId,
              assetId: assets.assetId,
              agentId: assets.agentId,
              protocol: assets.protocol,
              host: assets.host,
              port: assets.port,
              unitId: assets.unitId,
              identity: assets.identity,
              fingerprint: assets.fingerprint,
              baselineFingerprint: baselines.fingerprint,
              lastPollAt: assets.lastPollAt,
              pollOk: assets.pollOk,
              owner: owners.owner,
              purpose: owners.purpose,
              reviewStatus: reviewItems.status,
            })
            .from(assets)
            .leftJoin(
              baselines,
              and(eq(baselines.siteId, assets.siteId), eq(baselines.assetId, assets.assetId)),
            )
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
                eq(reviewItems.itemKey, sql`'asset:' || ${assets.assetId}`),
              ),
            )
            .where(
              and(
                filter.siteId === undefined ? undefined : eq(assets.siteId, filter.siteId),
                position === undefined
                  ? undefined
                  : sql`(${assets.siteId}, ${assets.assetId}) > (${position.siteId}, ${position.assetId})`,
              ),
            )
            .orderBy(asc(assets.siteId), asc(assets.assetId))
            .limit(BATCH)
            .all(),
        );
        if (batch.length === 0) return;
        yield batch.map(({ identity, ...row }) => ({
          ...row,
          vendor: identity.vendor ?? null,
          model: identity.model ?? identity.productName ?? identity.productCode ?? null,
          serial: identity.serial ?? null,
          firmware: identity.firmware ?? identity.softwareRevision ?? identity.revision ?? null,
        }));
        const last = batch[batch.length - 1];
        if (!last || batch.length < BATCH) return;
        after = { siteId: last.siteId, assetId: last.assetId };
      }
    },

    *drift(filter) {
      let afterId = 0;
      for (;;) {
        const from = afterId;
        const batch = reading('drift records', () =>
          db
            .select()
            .from(driftRecords)
            .where(and(driftRecordWhere(filter), gt(driftRecords.id, from)))
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
