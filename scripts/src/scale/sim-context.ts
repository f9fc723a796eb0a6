import type { AppendAudit } from './audit-writer.ts';
import { recordRow, type SimRecord } from './drift-record-model.ts';
import { createEventQueue, type EventQueue } from './event-queue.ts';
import type { FleetLayout, ScaleOptions, SimAgent, SimAsset, SimSite, SimWindow } from './fleet-layout.ts';
import type { TableWriter } from './table-writer.ts';

/** The console receives an observation this long after the poll that made it started. */
export const RECEIVE_MS = 800;

/** Event times are when the console received (or a person did) something. */
export type SimEvent =
  | { type: 'appear'; asset: SimAsset }
  | { type: 'change'; asset: SimAsset }
  | { type: 'revert'; asset: SimAsset }
  | { type: 'outage'; asset: SimAsset; forever: boolean }
  | { type: 'unreachable'; asset: SimAsset }
  | { type: 'recover'; asset: SimAsset }
  | { type: 'review'; asset: SimAsset }
  | {
      type: 'decide';
      record: SimRecord;
      site: SimSite;
      asset: SimAsset | undefined;
      outcome: 'approved' | 'unauthorized';
    }
  | { type: 'resolve'; record: SimRecord; site: SimSite }
  | { type: 'agentOffline'; agent: SimAgent; forever: boolean }
  | { type: 'agentOnline'; agent: SimAgent }
  | { type: 'agentOwner'; agent: SimAgent }
  | { type: 'windowCreated'; window: SimWindow }
  | { type: 'windowCancelled'; window: SimWindow };

/** Where the simulation's rows go: one writer per table written while time runs. */
export interface SimTables {
  configVersions: TableWriter;
  assetVersions: TableWriter;
  driftEvents: TableWriter;
  driftRecords: TableWriter;
  owners: TableWriter;
  changeWindows: TableWriter;
  audit: AppendAudit;
}

export interface SimContext {
  options: ScaleOptions;
  layout: FleetLayout;
  tables: SimTables;
  queue: EventQueue<SimEvent>;
  random: () => number;
  /** An exponentially distributed delay with this mean. */
  exp(meanMs: number): number;
  pick<T>(list: readonly T[]): T;
  /** Queues an event, unless it would happen after the end of the period. */
  schedule(atMs: number, event: SimEvent): void;
  nextRecordId(): number;
  nextReviewId(): number;
  ticket(prefix: 'CHG' | 'INC'): string;
  /** Records opened and not yet written (still undecided, or flagged and waiting for resolution). */
  live: Set<SimRecord>;
  /** Writes a record that will not change any more. */
  settle(record: SimRecord): void;
  /** Schedules the decision on a record: `neglect` is the chance that nobody ever decides it. */
  planDecision(
    record: SimRecord,
    site: SimSite,
    asset: SimAsset | undefined,
    atMs: number,
    unauthorizedChance: number,
    neglect: number,
  ): void;
}

export function createSimContext(
  options: ScaleOptions,
  layout: FleetLayout,
  tables: SimTables,
  random: () => number,
): SimContext {
  const queue = createEventQueue<SimEvent>();
  const live = new Set<SimRecord>();
  let recordId = 0;
  let reviewId = 0;
  let ticketNo = 0;
  const context: SimContext = {
    options,
    layout,
    tables,
    queue,
    random,
    exp: (meanMs) => -Math.log(1 - random()) * meanMs,
    pick: (list) => list[Math.floor(random() * list.length)] as (typeof list)[number],
    schedule(atMs, event) {
      if (atMs < options.endMs) queue.push(Math.floor(atMs), event);
    },
    nextRecordId: () => ++recordId,
    nextReviewId: () => ++reviewId,
    ticket: (prefix) => `${prefix}-${String(100_000 + ++ticketNo)}`,
    live,
    settle(record) {
      live.delete(record);
      tables.driftRecords.add(recordRow(record));
    },
    planDecision(record, site, asset, atMs, unauthorizedChance, neglect) {
      record.decisionPlanned = true;
      if (random() < neglect) return;
      const outcome = random() < unauthorizedChance ? 'unauthorized' : 'approved';
      context.schedule(atMs, { type: 'decide', record, site, asset, outcome });
    },
  };
  return context;
}
