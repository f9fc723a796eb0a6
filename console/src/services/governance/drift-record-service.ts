import { PlantwatchError } from '@plantwatch/shared';
import { and, asc, count, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { ConsoleDatabase } from '../../db/client.ts';
import { driftEvents, driftRecords } from '../../db/schema/index.ts';
import {
  type DriftClass,
  type DriftKind,
  type DriftRecordState,
  type Severity,
  severitiesAtLeast,
} from '../../governance/vocabulary.ts';
import { reading } from '../query-errors.ts';
import { inScope, type SiteScope } from '../site-scope.ts';
import type { Page, PageRequest } from '../views.ts';
import type { ChangeWindowLookup } from './change-window-lookup.ts';
import type { DriftRecordDetail, DriftRecordView } from './drift-record-views.ts';
import { loadState } from './evaluate-config.ts';

export interface DriftRecordFilter {
  siteId?: string | undefined;
  /** The caller's sites (null: every site); set by routes from the principal. */
  sites?: SiteScope | undefined;
  assetId?: string | undefined;
  agentId?: string | undefined;
  states?: readonly DriftRecordState[] | undefined;
  kind?: DriftKind | undefined;
  class?: DriftClass | undefined;
  /** At least this severity. */
  severity?: Severity | undefined;
  /** Detected at or after / at or before (ISO UTC). */
  from?: string | undefined;
  to?: string | undefined;
}

export interface DriftRecordService {
  /** Newest first (by detection time); filtered and paged in SQL. */
  list(filter: DriftRecordFilter, page: PageRequest): Page<DriftRecordView>;
  /** Throws `not_found`. */
  get(id: number): DriftRecordDetail;
  /** The record's site, or undefined for an unknown id: one primary-key read, for access checks. */
  siteOf(id: number): string | undefined;
}

export function driftRecordWhere(filter: DriftRecordFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.siteId !== undefined) conditions.push(eq(driftRecords.siteId, filter.siteId));
  const scoped = filter.sites === undefined ? undefined : inScope(driftRecords.siteId, filter.sites);
  if (scoped !== undefined) conditions.push(scoped);
  if (filter.assetId !== undefined) conditions.push(eq(driftRecords.assetId, filter.assetId));
  if (filter.agentId !== undefined) conditions.push(eq(driftRecords.agentId, filter.agentId));
  if (filter.states !== undefined && filter.states.length > 0) {
    conditions.push(inArray(driftRecords.state, [...filter.states]));
  }
  if (filter.kind !== undefined) conditions.push(eq(driftRecords.kind, filter.kind));
  if (filter.class !== undefined) conditions.push(eq(driftRecords.class, filter.class));
  if (filter.severity !== undefined)
    conditions.push(inArray(driftRecords.severity, severitiesAtLeast(filter.severity)));
  if (filter.from !== undefined) conditions.push(gte(driftRecords.detectedAt, filter.from));
  if (filter.to !== undefined) conditions.push(lte(driftRecords.detectedAt, filter.to));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

export function createDriftRecordService(
  db: ConsoleDatabase,
  windows: ChangeWindowLookup,
): DriftRecordService {
  return {
    list(filter, page) {
      return reading('drift records', () => {
        const where = driftRecordWhere(filter);
        const items = db
          .select()
          .from(driftRecords)
          .where(where)
          .orderBy(desc(driftRecords.detectedAt), desc(driftRecords.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const total = db.select({ total: count() }).from(driftRecords).where(where).get()?.total ?? 0;
        return { items, total };
      });
    },

    siteOf(id) {
      return reading(`drift record ${id}`, () =>
        db.select({ siteId: driftRecords.siteId }).from(driftRecords).where(eq(driftRecords.id, id)).get(),
      )?.siteId;
    },

    get(id) {
      const detail = reading(`drift record ${id}`, () => {
        const record = db.select().from(driftRecords).where(eq(driftRecords.id, id)).get();
        if (!record) return undefined;
        const agentEvents = db
          .select({
            id: driftEvents.id,
            seq: driftEvents.seq,
            detectedAt: driftEvents.detectedAt,
            receivedAt: driftEvents.receivedAt,
            changes: driftEvents.changes,
          })
          .from(driftEvents)
          .where(eq(driftEvents.driftRecordId, id))
          .orderBy(asc(driftEvents.id))
          .limit(100)
          .all();
        const state = (fingerprint: string | null) =>
          fingerprint === null ? null : loadState(db, fingerprint);
        return {
          ...record,
          baselineState: state(record.baselineFingerprint),
          currentState: state(record.currentFingerprint),
          agentEvents,
          changeWindow: record.changeWindowId === null ? null : windows.summary(record.changeWindowId),
        };
      });
      if (!detail) throw new PlantwatchError('not_found', `no drift record ${id}`);
      return detail;
    },
  };
}
