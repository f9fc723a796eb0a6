import { isPlantwatchError, PlantwatchError } from '@plantwatch/shared';
import { and, eq } from 'drizzle-orm';
import type { ConsoleDatabase, Tx } from '../../db/client.ts';
import { assetLinks, baselines, changeWindows, driftRecords } from '../../db/schema/index.ts';
import type { BulkDecisionInput, DecisionInput } from '../../governance/inputs.ts';
import { UNDECIDED_STATES } from '../../governance/vocabulary.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { isoUtc } from '../time.ts';
import type { GovernanceSignals } from './governance-context.ts';
import type { DriftRecordRow } from './record-writes.ts';

export interface BulkDecisionResult {
  decided: number[];
  failed: { id: number; code: string; message: string }[];
}

export interface DecisionService {
  /**
   * Approve (authorized: needs a ticket and a comment; a config record's baseline advances to the
   * configuration it describes) or mark unauthorized (an incident, flagged until resolved).
   */
  decide(id: number, input: DecisionInput, actor: string): DriftRecordRow;
  /** The same decision on many records, each in its own transaction; failures are listed, not thrown. */
  decideMany(input: BulkDecisionInput, actor: string): BulkDecisionResult;
  /** Closes an unauthorized record with a note. */
  resolve(id: number, note: string, actor: string): DriftRecordRow;
}

export function createDecisionService(
  db: ConsoleDatabase,
  options: { now: () => Date; signals: GovernanceSignals; afterCommit?: () => void },
): DecisionService {
  function load(tx: Tx, id: number): DriftRecordRow {
    const record = tx.select().from(driftRecords).where(eq(driftRecords.id, id)).get();
    if (!record) throw new PlantwatchError('not_found', `no drift record ${id}`);
    return record;
  }

  function decide(id: number, input: DecisionInput, actor: string): DriftRecordRow {
    const at = isoUtc(options.now());
    const decided = db.transaction((tx) => {
      const record = load(tx, id);
      if (!UNDECIDED_STATES.includes(record.state)) {
        throw new PlantwatchError('conflict', `drift record ${id} is already ${record.state}`);
      }
      if (
        input.expectedFingerprint !== undefined &&
        input.expectedFingerprint !== record.currentFingerprint
      ) {
        throw new PlantwatchError(
          'conflict',
          `drift record ${id} changed since it was shown (new changes were observed); review it again`,
        );
      }
      const ticket = input.ticket ?? windowTicket(tx, record);
      if (input.decision === 'approve' && ticket === undefined) {
        throw new PlantwatchError(
          'invalid_argument',
          'ticket: a change ticket reference is required to approve',
        );
      }
      const state = input.decision === 'approve' ? ('approved' as const) : ('unauthorized' as const);
      const updated = tx
        .update(driftRecords)
        .set({
          state,
          decidedAt: at,
          decidedBy: actor,
          ticket: ticket ?? null,
          comment: input.comment,
          updatedAt: at,
        })
        .where(eq(driftRecords.id, id))
        .returning()
        .get();
      const effect = state === 'approved' ? applyApproval(tx, record, actor, at) : {};
      appendAudit(
        tx,
        {
          actor,
          action: `drift.${state}`,
          entityType: 'drift_record',
          entityId: String(id),
          details: {
            siteId: record.siteId,
            assetId: record.assetId,
            agentId: record.agentId,
            kind: record.kind,
            class: record.class,
            severity: record.severity,
            previousState: record.state,
            ticket: ticket ?? null,
            comment: input.comment,
            changes: record.changes,
            ...effect,
          },
        },
        at,
      );
      if (state === 'unauthorized') options.signals.recordUnauthorized(tx, updated);
      return updated;
    });
    options.afterCommit?.();
    return decided;
  }

  return {
    decide,

    decideMany(input, actor) {
      const result: BulkDecisionResult = { decided: [], failed: [] };
      for (const id of [...new Set(input.ids)]) {
        try {
          decide(id, { decision: input.decision, ticket: input.ticket, comment: input.comment }, actor);
          result.decided.push(id);
        } catch (error) {
          if (!isPlantwatchError(error) || error.kind !== 'client') throw error;
          result.failed.push({ id, code: error.code, message: error.message });
        }
      }
      return result;
    },

    resolve(id, note, actor) {
      const at = isoUtc(options.now());
      return db.transaction((tx) => {
        const record = load(tx, id);
        if (record.state !== 'unauthorized') {
          throw new PlantwatchError(
            'conflict',
            `drift record ${id} is ${record.state}; only unauthorized drift is resolved`,
          );
        }
        const updated = tx
          .update(driftRecords)
          .set({ state: 'resolved', resolvedAt: at, resolvedBy: actor, resolutionNote: note, updatedAt: at })
          .where(eq(driftRecords.id, id))
          .returning()
          .get();
        appendAudit(
          tx,
          {
            actor,
            action: 'drift.resolved',
            entityType: 'drift_record',
            entityId: String(id),
            details: { siteId: record.siteId, assetId: record.assetId, note },
          },
          at,
        );
        return updated;
      });
    },
  };
}

/** A planned record's ticket comes from its change window. */
function windowTicket(tx: Tx, record: DriftRecordRow): string | undefined {
  if (record.changeWindowId === null) return undefined;
  return tx
    .select({ ticket: changeWindows.ticket })
    .from(changeWindows)
    .where(eq(changeWindows.id, record.changeWindowId))
    .get()?.ticket;
}

/**
 * What approving changes beyond the record: a config record moves the asset's baseline to the
 * configuration it describes (unless the asset went back to its baseline meanwhile: then the
 * baseline already matches the device); a network record approves the switch's new links.
 */
function applyApproval(tx: Tx, record: DriftRecordRow, actor: string, at: string): Record<string, unknown> {
  if (record.assetId === null) return {};
  const asset = and(eq(baselines.siteId, record.siteId), eq(baselines.assetId, record.assetId));
  if (record.kind === 'config' && record.currentFingerprint !== null && record.clearedAt === null) {
    tx.update(baselines)
      .set({
        fingerprint: record.currentFingerprint,
        source: 'approval',
        driftRecordId: record.id,
        establishedAt: at,
        establishedBy: actor,
      })
      .where(asset)
      .run();
    return { baseline: { from: record.baselineFingerprint, to: record.currentFingerprint } };
  }
  if (record.kind === 'network') {
    const links = and(
      eq(assetLinks.siteId, record.siteId),
      eq(assetLinks.assetId, record.assetId),
      eq(assetLinks.approved, false),
    );
    const approved = tx.update(assetLinks).set({ approved: true }).where(links).run().changes;
    return { linksApproved: approved };
  }
  return {};
}
