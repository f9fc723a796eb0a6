import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { driftEvents } from '../db/schema/index.ts';
import type { DriftState } from '../states.ts';
import { reading } from './query-errors.ts';
import { inScope, type SiteScope } from './site-scope.ts';
import type { DriftEventView, Page, PageRequest } from './views.ts';

export interface DriftFilter {
  siteId?: string | undefined;
  /** The caller's sites (null: every site); set by routes from the principal. */
  sites?: SiteScope | undefined;
  assetId?: string | undefined;
  state?: DriftState | undefined;
}

export interface DriftService {
  /** Newest first (by detection time). */
  listDrift(filter: DriftFilter, page: PageRequest): Page<DriftEventView>;
}

export function createDriftService(db: ConsoleDatabase): DriftService {
  return {
    listDrift(filter, page) {
      return reading('drift events', () => {
        const where = driftWhere(filter);
        const items = db
          .select(driftColumns)
          .from(driftEvents)
          .where(where)
          .orderBy(desc(driftEvents.detectedAt), desc(driftEvents.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const total = db.select({ total: count() }).from(driftEvents).where(where).get()?.total ?? 0;
        return { items, total };
      });
    },
  };
}

function driftWhere(filter: DriftFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.siteId !== undefined) conditions.push(eq(driftEvents.siteId, filter.siteId));
  const scoped = filter.sites === undefined ? undefined : inScope(driftEvents.siteId, filter.sites);
  if (scoped !== undefined) conditions.push(scoped);
  if (filter.assetId !== undefined) conditions.push(eq(driftEvents.assetId, filter.assetId));
  if (filter.state !== undefined) conditions.push(eq(driftEvents.state, filter.state));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

const driftColumns = {
  id: driftEvents.id,
  siteId: driftEvents.siteId,
  agentId: driftEvents.agentId,
  assetId: driftEvents.assetId,
  seq: driftEvents.seq,
  detectedAt: driftEvents.detectedAt,
  receivedAt: driftEvents.receivedAt,
  previousFingerprint: driftEvents.previousFingerprint,
  currentFingerprint: driftEvents.currentFingerprint,
  state: driftEvents.state,
  changes: driftEvents.changes,
  driftRecordId: driftEvents.driftRecordId,
};
