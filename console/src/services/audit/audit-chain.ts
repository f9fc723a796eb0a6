import { canonicalJson, sha256Hex } from '@plantwatch/shared';
import { asc, desc, gt } from 'drizzle-orm';
import type { ConsoleDatabase, Tx } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';

/**
 * The hash chain of the audit log. Each row's hash covers its sequence number, its fields (details
 * as the canonical JSON stored) and the previous row's hash; the first row's previous hash is 64
 * zeros. Changing a field breaks that row's hash; deleting a row leaves a gap in `seq` and breaks
 * the next row's link. Cutting rows off the end cannot be seen from inside the database: compare
 * the head (`seq`, `hash`) that verify prints with a copy kept elsewhere (a SIEM, a ticket).
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actor: string;
  /** e.g. `drift.approved`, `ignore_rule.created`, `settings.updated`. */
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details: string;
  prevHash: string;
  hash: string;
}

export function auditRowHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(
    canonicalJson([
      row.seq,
      row.at,
      row.actor,
      row.action,
      row.entityType,
      row.entityId,
      row.details,
      row.prevHash,
    ]),
  );
}

/** Appends one entry; call inside the transaction that makes the change it records. */
export function appendAudit(tx: Tx, entry: AuditEntry, at: string): AuditRow {
  const head = tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
  const unhashed = {
    seq: (head?.seq ?? 0) + 1,
    at,
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: canonicalJson(entry.details),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const row = { ...unhashed, hash: auditRowHash(unhashed) };
  tx.insert(auditLog).values(row).run();
  return row;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** The last row: record it outside the console to detect truncation later. */
  head: { seq: number; hash: string } | null;
  /** The first problem found, if any. */
  problem: { seq: number; reason: string } | null;
}

const BATCH = 1_000;

/** Walks the whole chain in `seq` order, in batches, and reports the first broken link. */
export function verifyAuditChain(db: ConsoleDatabase): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const batch = db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(BATCH)
      .all();
    for (const row of batch) {
      const fail = (reason: string): AuditVerification => ({
        ok: false,
        rows,
        head: rows === 0 ? null : { seq: expectedSeq - 1, hash: prevHash },
        problem: { seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq) return fail(`row ${expectedSeq} is missing (next row is ${row.seq})`);
      if (row.prevHash !== prevHash) return fail('its previous hash does not match the row before it');
      if (auditRowHash(row) !== row.hash) return fail('its contents do not match its hash');
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (batch.length < BATCH) break;
  }
  return {
    ok: true,
    rows,
    head: rows === 0 ? null : { seq: expectedSeq - 1, hash: prevHash },
    problem: null,
  };
}
