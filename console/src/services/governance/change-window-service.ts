import { PlantwatchError } from '@plantwatch/shared';
import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lte, type SQL } from 'drizzle-orm';
import type { ConsoleDatabase } from '../../db/client.ts';
import { changeWindows, driftRecords, sites } from '../../db/schema/index.ts';
import type { ChangeWindowInput } from '../../governance/inputs.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { inScope, type SiteScope } from '../site-scope.ts';
import { isoUtc } from '../time.ts';
import type { Page, PageRequest } from '../views.ts';

export type ChangeWindowView = typeof changeWindows.$inferSelect;

export interface ChangeWindowFilter {
  siteId?: string | undefined;
  /** The caller's sites (null: every site); set by routes from the principal. */
  sites?: SiteScope | undefined;
  /** Only windows open at this time. */
  activeAt?: string | undefined;
  /** Cancelled windows are left out unless asked for. */
  includeCancelled?: boolean | undefined;
}

export interface ChangeWindowService {
  /** Latest start first. */
  list(filter: ChangeWindowFilter, page: PageRequest): Page<ChangeWindowView>;
  get(id: number): ChangeWindowView;
  /**
   * Plans a change. Drift already open on the covered assets and detected inside the window
   * becomes planned too: a window entered after the work started still explains it.
   */
  create(input: ChangeWindowInput, actor: string): ChangeWindowView & { plannedRecords: number };
  cancel(id: number, actor: string): ChangeWindowView;
}

export function createChangeWindowService(
  db: ConsoleDatabase,
  options: { now: () => Date },
): ChangeWindowService {
  function get(id: number): ChangeWindowView {
    const window = reading(`change window ${id}`, () =>
      db.select().from(changeWindows).where(eq(changeWindows.id, id)).get(),
    );
    if (!window) throw new PlantwatchError('not_found', `no change window ${id}`);
    return window;
  }

  return {
    list(filter, page) {
      return reading('change windows', () => {
        const conditions: SQL[] = [];
        if (filter.siteId !== undefined) conditions.push(eq(changeWindows.siteId, filter.siteId));
        const scoped = filter.sites === undefined ? undefined : inScope(changeWindows.siteId, filter.sites);
        if (scoped !== undefined) conditions.push(scoped);
        if (filter.activeAt !== undefined) {
          conditions.push(
            lte(changeWindows.startsAt, filter.activeAt),
            gte(changeWindows.endsAt, filter.activeAt),
          );
        }
        if (!filter.includeCancelled) conditions.push(isNull(changeWindows.cancelledAt));
        const where = conditions.length > 0 ? and(...conditions) : undefined;
        const items = db
          .select()
          .from(changeWindows)
          .where(where)
          .orderBy(desc(changeWindows.startsAt), desc(changeWindows.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items,
          total: db.select({ total: count() }).from(changeWindows).where(where).get()?.total ?? 0,
        };
      });
    },

    get,

    create(input, actor) {
      const at = isoUtc(options.now());
      return db.transaction((tx) => {
        if (!tx.select({ siteId: sites.siteId }).from(sites).where(eq(sites.siteId, input.siteId)).get()) {
          throw new PlantwatchError('not_found', `no site ${input.siteId}`);
        }
        const window = tx
          .insert(changeWindows)
          .values({
            siteId: input.siteId,
            assetIds: input.assetIds,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
            ticket: input.ticket,
            owner: input.owner,
            description: input.description ?? '',
            createdAt: at,
            createdBy: actor,
          })
          .returning()
          .get();
        const covered = [
          eq(driftRecords.siteId, input.siteId),
          eq(driftRecords.state, 'open'),
          isNotNull(driftRecords.assetId),
          gte(driftRecords.detectedAt, input.startsAt),
          lte(driftRecords.detectedAt, input.endsAt),
        ];
        if (input.assetIds.length > 0) covered.push(inArray(driftRecords.assetId, input.assetIds));
        const plannedRecords = tx
          .update(driftRecords)
          .set({ state: 'planned', changeWindowId: window.id, updatedAt: at })
          .where(and(...covered))
          .run().changes;
        appendAudit(
          tx,
          {
            actor,
            action: 'change_window.created',
            entityType: 'change_window',
            entityId: String(window.id),
            details: { ...input, description: input.description ?? '', plannedRecords },
          },
          at,
        );
        return { ...window, plannedRecords };
      });
    },

    cancel(id, actor) {
      const at = isoUtc(options.now());
      return db.transaction((tx) => {
        const window = tx.select().from(changeWindows).where(eq(changeWindows.id, id)).get();
        if (!window) throw new PlantwatchError('not_found', `no change window ${id}`);
        if (window.cancelledAt !== null)
          throw new PlantwatchError('conflict', `change window ${id} is already cancelled`);
        const cancelled = tx
          .update(changeWindows)
          .set({ cancelledAt: at, cancelledBy: actor })
          .where(eq(changeWindows.id, id))
          .returning()
          .get();
        appendAudit(
          tx,
          {
            actor,
            action: 'change_window.cancelled',
            entityType: 'change_window',
            entityId: String(id),
            details: { siteId: window.siteId, ticket: window.ticket },
          },
          at,
        );
        return cancelled;
      });
    },
  };
}
