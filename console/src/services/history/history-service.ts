import { diffStates, type TrackedState, type ValueChange } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import { and, count, countDistinct, desc, eq, gt, lte } from 'drizzle-orm';
import type { ConsoleDatabase } from '../../db/client.ts';
import { assets, assetVersions } from '../../db/schema/index.ts';
import { loadState } from '../governance/evaluate-config.ts';
import { reading } from '../query-errors.ts';
import type { Page, PageRequest } from '../views.ts';

export interface VersionView {
  fingerprint: string;
  /** When the agent's poll that first saw this configuration started. */
  observedAt: string;
  receivedAt: string;
  agentId: string;
  seq: number;
  /** From the version before it (all `added` for the first version kept). */
  changes: ValueChange[];
}

export interface AsOfView {
  siteId: string;
  assetId: string;
  /** The time asked about. */
  at: string;
  fingerprint: string;
  /** When this configuration was first observed (at or before `at`). */
  observedAt: string;
  state: TrackedState;
}

export interface AssetChangeView {
  assetId: string;
  /** The configuration in force at `from` (null: the asset was not known yet). */
  before: { fingerprint: string; observedAt: string } | null;
  /** The configuration in force at `to`. */
  after: { fingerprint: string; observedAt: string };
  /** Configurations observed between the two times. */
  versionCount: number;
  changes: ValueChange[];
}

export interface HistoryService {
  /** Newest first, each version with its changes from the one before. */
  assetHistory(siteId: string, assetId: string, page: PageRequest): Page<VersionView>;
  /** What the configuration of an asset was at a time. Throws `not_found` when none is known then. */
  asOf(siteId: string, assetId: string, at: string): AsOfView;
  /** What changed at a site between two times, one item per asset that changed, by asset id. */
  siteChanges(siteId: string, from: string, to: string, page: PageRequest): Page<AssetChangeView>;
}

type VersionRow = typeof assetVersions.$inferSelect;

export function createHistoryService(db: ConsoleDatabase): HistoryService {
  const ofAsset = (siteId: string, assetId: string) =>
    and(eq(assetVersions.siteId, siteId), eq(assetVersions.assetId, assetId));
  /** The version in force at a time: the last one observed at or before it. */
  const versionAt = (siteId: string, assetId: string, at: string): VersionRow | undefined =>
    db
      .select()
      .from(assetVersions)
      .where(and(ofAsset(siteId, assetId), lte(assetVersions.observedAt, at)))
      .orderBy(desc(assetVersions.observedAt), desc(assetVersions.id))
      .limit(1)
      .get();
  const states = new Map<string, TrackedState>();
  const stateOf = (fingerprint: string) => {
    let state = states.get(fingerprint);
    if (!state) {
      state = loadState(db, fingerprint);
      if (states.size > 1_000) states.clear();
      states.set(fingerprint, state);
    }
    return state;
  };

  return {
    assetHistory(siteId, assetId, page) {
      return reading(`history of ${siteId}/${assetId}`, () => {
        const known = db
          .select({ id: assets.assetId })
          .from(assets)
          .where(and(eq(assets.siteId, siteId), eq(assets.assetId, assetId)))
          .get();
        if (!known) throw new PlantwatchError('not_found', `no asset ${assetId} at site ${siteId}`);
        // One more than the page: the oldest version of the page needs the one before it to diff.
        const rows = db
          .select()
          .from(assetVersions)
          .where(ofAsset(siteId, assetId))
          .orderBy(desc(assetVersions.id))
          .limit(page.limit + 1)
          .offset(page.offset)
          .all();
        const items = rows.slice(0, page.limit).map((row, index) => {
          const previous = rows[index + 1];
          const { id: _id, siteId: _site, assetId: _asset, ...version } = row;
          return {
            ...version,
            changes: diffStates(previous ? stateOf(previous.fingerprint) : {}, stateOf(row.fingerprint)),
          };
        });
        return {
          items,
          total:
            db.select({ total: count() }).from(assetVersions).where(ofAsset(siteId, assetId)).get()?.total ??
            0,
        };
      });
    },

    asOf(siteId, assetId, at) {
      const version = reading(`configuration of ${siteId}/${assetId}`, () => versionAt(siteId, assetId, at));
      if (!version) {
        throw new PlantwatchError(
          'not_found',
          `no configuration of asset ${assetId} at site ${siteId} is known at ${at}`,
        );
      }
      return {
        siteId,
        assetId,
        at,
        fingerprint: version.fingerprint,
        observedAt: version.observedAt,
        state: reading('configuration', () => stateOf(version.fingerprint)),
      };
    },

    siteChanges(siteId, from, to, page) {
      if (to < from) throw new PlantwatchError('invalid_argument', 'to: must not be before from');
      return reading(`changes at site ${siteId}`, () => {
        const inRange = and(
          eq(assetVersions.siteId, siteId),
          gt(assetVersions.observedAt, from),
          lte(assetVersions.observedAt, to),
        );
        const changed = db
          .select({ assetId: assetVersions.assetId, versionCount: count() })
          .from(assetVersions)
          .where(inRange)
          .groupBy(assetVersions.assetId)
          .orderBy(assetVersions.assetId)
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const items: AssetChangeView[] = [];
        for (const { assetId, versionCount } of changed) {
          const before = versionAt(siteId, assetId, from);
          const after = versionAt(siteId, assetId, to);
          if (!after) continue;
          const changes = diffStates(before ? stateOf(before.fingerprint) : {}, stateOf(after.fingerprint));
          // Changed and changed back within the range: nothing differs, but it still happened.
          items.push({
            assetId,
            before: before ? { fingerprint: before.fingerprint, observedAt: before.observedAt } : null,
            after: { fingerprint: after.fingerprint, observedAt: after.observedAt },
            versionCount,
            changes,
          });
        }
        const total =
          db
            .select({ total: countDistinct(assetVersions.assetId) })
            .from(assetVersions)
            .where(inRange)
            .get()?.total ?? 0;
        return { items, total };
      });
    },
  };
}
