import type { Database } from 'better-sqlite3';

/**
 * How much the outbox may hold while the broker is away. When it is full, inventory snapshots go
 * first, oldest first: a later snapshot of the same device says the same or more. Drift events are
 * the evidence of a change and go only when nothing else is left to drop, or past their own age.
 * Everything dropped is counted, and the counts travel in the agent's status messages.
 */
export interface OutboxBounds {
  maxBytes: number;
  maxInventoryAgeMs: number;
  maxDriftAgeMs: number;
}

export interface OutboxStats {
  depth: number;
  bytes: number;
  oldestAgeMs: number | null;
  dropped: { inventory: number; drift: number };
}

type DroppableType = 'inventory' | 'drift';

export function enforceOutboxBounds(db: Database, bounds: OutboxBounds, now: number): void {
  const dropped: Record<DroppableType, number> = { inventory: 0, drift: 0 };
  const expire = db.prepare<[string, number]>('DELETE FROM outbox WHERE type = ? AND created_at < ?');
  dropped.inventory += expire.run('inventory', now - bounds.maxInventoryAgeMs).changes;
  dropped.drift += expire.run('drift', now - bounds.maxDriftAgeMs).changes;
  for (const type of ['inventory', 'drift'] as const) {
    const excess = totalBytes(db) - bounds.maxBytes;
    if (excess <= 0) break;
    // The shortest run of oldest messages of this type whose sizes add up to the excess.
    dropped[type] += db
      .prepare<[string, number]>(
        `DELETE FROM outbox WHERE seq IN (
           SELECT seq FROM (
             SELECT seq, SUM(bytes) OVER (ORDER BY seq) - bytes AS before FROM outbox WHERE type = ?
           ) WHERE before < ?
         )`,
      )
      .run(type, excess).changes;
  }
  const count = db.prepare<[string, number]>(
    'INSERT INTO dropped (type, count) VALUES (?, ?) ON CONFLICT (type) DO UPDATE SET count = count + excluded.count',
  );
  for (const type of ['inventory', 'drift'] as const) if (dropped[type] > 0) count.run(type, dropped[type]);
}

function totalBytes(db: Database): number {
  return db.prepare<[], { total: number | null }>('SELECT SUM(bytes) AS total FROM outbox').get()?.total ?? 0;
}

export function outboxStats(db: Database, now: number): OutboxStats {
  const row = db
    .prepare<[], { depth: number; bytes: number | null; oldest: number | null }>(
      'SELECT COUNT(*) AS depth, SUM(bytes) AS bytes, MIN(created_at) AS oldest FROM outbox',
    )
    .get();
  const dropped = Object.fromEntries(
    db
      .prepare<[], { type: string; count: number }>('SELECT type, count FROM dropped')
      .all()
      .map((r) => [r.type, r.count]),
  );
  return {
    depth: row?.depth ?? 0,
    bytes: row?.bytes ?? 0,
    oldestAgeMs: row?.oldest == null ? null : now - row.oldest,
    dropped: { inventory: dropped.inventory ?? 0, drift: dropped.drift ?? 0 },
  };
}
