import { PlantwatchError } from '@plantwatch/shared';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { ConsoleDatabase, Tx } from '../../db/client.ts';
import { reviewItems } from '../../db/schema/index.ts';
import type { OwnershipInput } from '../../governance/inputs.ts';
import type { ReviewOrigin, ReviewStatus } from '../../governance/vocabulary.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { inScope, type SiteScope } from '../site-scope.ts';
import { isoUtc } from '../time.ts';
import type { Page, PageRequest } from '../views.ts';
import { writeOwner } from './ownership-service.ts';

export type ReviewItemView = typeof reviewItems.$inferSelect;

export interface ReviewFilter {
  siteId?: string | undefined;
  /** The caller's sites (null: every site); set by routes from the principal. */
  sites?: SiteScope | undefined;
  status?: ReviewStatus | undefined;
  origin?: ReviewOrigin | undefined;
}

export interface ReviewService {
  /** Oldest first: the queue is worked from its head. */
  list(filter: ReviewFilter, page: PageRequest): Page<ReviewItemView>;
  /** Throws `not_found`. */
  get(id: number): ReviewItemView;
  /** Accepts into the inventory with an owner and a purpose. */
  accept(id: number, input: OwnershipInput, actor: string): ReviewItemView;
  ignore(id: number, note: string, actor: string): ReviewItemView;
}

export function createReviewService(db: ConsoleDatabase, options: { now: () => Date }): ReviewService {
  function decide(
    id: number,
    actor: string,
    change: (tx: Tx, item: ReviewItemView, at: string) => Partial<ReviewItemView> & { status: ReviewStatus },
  ): ReviewItemView {
    const at = isoUtc(options.now());
    return db.transaction((tx) => {
      const item = tx.select().from(reviewItems).where(eq(reviewItems.id, id)).get();
      if (!item) throw new PlantwatchError('not_found', `no review item ${id}`);
      if (item.status !== 'pending')
        throw new PlantwatchError('conflict', `review item ${id} is already ${item.status}`);
      const set = change(tx, item, at);
      const updated = tx
        .update(reviewItems)
        .set({ ...set, decidedAt: at, decidedBy: actor })
        .where(eq(reviewItems.id, id))
        .returning()
        .get();
      appendAudit(
        tx,
        {
          actor,
          action: `review.${set.status}`,
          entityType: 'review_item',
          entityId: String(id),
          details: {
            siteId: item.siteId,
            itemKey: item.itemKey,
            origin: item.origin,
            note: set.note ?? null,
          },
        },
        at,
      );
      return updated;
    });
  }

  return {
    get(id) {
      const item = reading('review queue', () =>
        db.select().from(reviewItems).where(eq(reviewItems.id, id)).get(),
      );
      if (item === undefined) throw new PlantwatchError('not_found', `review item ${id} not found`);
      return item;
    },
    list(filter, page) {
      return reading('review queue', () => {
        const conditions: SQL[] = [];
        if (filter.siteId !== undefined) conditions.push(eq(reviewItems.siteId, filter.siteId));
        const scoped = filter.sites === undefined ? undefined : inScope(reviewItems.siteId, filter.sites);
        if (scoped !== undefined) conditions.push(scoped);
        if (filter.status !== undefined) conditions.push(eq(reviewItems.status, filter.status));
        if (filter.origin !== undefined) conditions.push(eq(reviewItems.origin, filter.origin));
        const where = conditions.length > 0 ? and(...conditions) : undefined;
        const order = filter.status === 'pending' ? reviewItems.id : desc(reviewItems.id);
        const items = db
          .select()
          .from(reviewItems)
          .where(where)
          .orderBy(order)
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items,
          total: db.select({ total: count() }).from(reviewItems).where(where).get()?.total ?? 0,
        };
      });
    },

    accept(id, input, actor) {
      return decide(id, actor, (tx, item, at) => {
        const target =
          item.origin === 'polled' && item.assetId !== null
            ? { entityType: 'asset' as const, entityId: item.assetId }
            : { entityType: 'host' as const, entityId: item.itemKey };
        writeOwner(tx, { ...target, siteId: item.siteId }, input, actor, at);
        return { status: 'accepted' };
      });
    },

    ignore(id, note, actor) {
      return decide(id, actor, () => ({ status: 'ignored', note }));
    },
  };
}
