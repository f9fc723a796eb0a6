import { auditRowHash, GENESIS_HASH } from '../../../console/src/services/audit/audit-chain.ts';
import { canonical, iso } from './fast-format.ts';
import type { TableWriter } from './table-writer.ts';

export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'details',
  'prev_hash',
  'hash',
] as const;

export type AppendAudit = (
  atMs: number,
  entry: { actor: string; action: string; entityType: string; entityId: string; details: object },
) => void;

/**
 * The hash-chained audit log, built with the console's own row hash so that
 * `plantwatch-console audit verify` accepts it. Entries must come in time order (the simulation
 * replays events in time order), as the console appends them.
 */
export function createAuditWriter(table: TableWriter): AppendAudit {
  let seq = 0;
  let prevHash = GENESIS_HASH;
  return (atMs, entry) => {
    seq += 1;
    const unhashed = {
      seq,
      at: iso(atMs),
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: canonical(entry.details),
      prevHash,
    };
    const hash = auditRowHash(unhashed);
    table.add([
      seq,
      unhashed.at,
      entry.actor,
      entry.action,
      entry.entityType,
      entry.entityId,
      unhashed.details,
      prevHash,
      hash,
    ]);
    prevHash = hash;
  };
}
