import { PlantwatchError } from '@plantwatch/shared';
import { compareOids, inSubtree, isException, isValidOid, type SnmpVarbind } from './varbind.ts';

export interface WalkResult {
  varbinds: SnmpVarbind[];
  /** The subtree holds more than `maxRows` values; the walk stopped there. */
  truncated: boolean;
}

/** Asks for what follows `cursor`: one GetNext (v1) or one GetBulk of `count` (v2c, v3); `[]` means the end. */
export type NextBatch = (cursor: string, count: number) => Promise<SnmpVarbind[]>;

/**
 * Walks the subtree under `base`, one request at a time, and stops at the first OID outside it
 * (net-snmp's own walk() does not), at an exception (endOfMibView), or after `maxRows` values. Each
 * GetBulk asks for at most one more value than still fits, so a subtree of exactly `maxRows` values
 * is not reported truncated and a long one costs no more than one value extra. A device whose next
 * OID does not follow the last one would make a walk loop forever: that is an error, not data.
 */
export async function walkSubtree(
  base: string,
  maxRows: number,
  maxPerRequest: number,
  next: NextBatch,
): Promise<WalkResult> {
  const varbinds: SnmpVarbind[] = [];
  let cursor = base;
  for (;;) {
    const batch = await next(cursor, Math.min(maxPerRequest, maxRows - varbinds.length + 1));
    if (batch.length === 0) return { varbinds, truncated: false };
    for (const varbind of batch) {
      if (isException(varbind) || !inSubtree(base, varbind.oid)) return { varbinds, truncated: false };
      if (!isValidOid(varbind.oid) || compareOids(varbind.oid, cursor) <= 0) {
        throw new PlantwatchError(
          'device_error',
          `walk of ${base}: the device returned ${varbind.oid.slice(0, 60)} after ${cursor}, out of order; stopped to avoid a loop`,
        );
      }
      if (varbinds.length === maxRows) return { varbinds, truncated: true };
      varbinds.push(varbind);
      cursor = varbind.oid;
    }
  }
}
