import { and, desc, eq, gte, isNull, lte } from 'drizzle-orm';
import type { ConsoleDatabase, DbOrTx } from '../../db/client.ts';
import { changeWindows } from '../../db/schema/index.ts';
import type { ChangeWindowSummary } from './drift-record-views.ts';

export interface ChangeWindowLookup {
  /** The window covering an asset at a time (the latest-starting one when several do), or null. */
  covering(tx: DbOrTx, siteId: string, assetId: string, at: string): number | null;
  summary(id: number): ChangeWindowSummary | null;
}

export function createChangeWindowLookup(db: ConsoleDatabase): ChangeWindowLookup {
  return {
    covering(tx, siteId, assetId, at) {
      // Few windows are active at one site at one time: filter the asset list in code.
      const candidates = tx
        .select({ id: changeWindows.id, assetIds: changeWindows.assetIds })
        .from(changeWindows)
        .where(
          and(
            eq(changeWindows.siteId, siteId),
            lte(changeWindows.startsAt, at),
            gte(changeWindows.endsAt, at),
            isNull(changeWindows.cancelledAt),
          ),
        )
        .orderBy(desc(changeWindows.startsAt), desc(changeWindows.id))
        .all();
      const hit = candidates.find(
        (window) => window.assetIds.length === 0 || window.assetIds.includes(assetId),
      );
      return hit?.id ?? null;
    },
    summary(id) {
      return (
        db
          .select({
            id: changeWindows.id,
            ticket: changeWindows.ticket,
            owner: changeWindows.owner,
            startsAt: changeWindows.startsAt,
            endsAt: changeWindows.endsAt,
          })
          .from(changeWindows)
          .where(eq(changeWindows.id, id))
          .get() ?? null
      );
    },
  };
}
