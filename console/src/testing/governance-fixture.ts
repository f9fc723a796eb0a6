import type { AssetSnapshot, Link } from '@plantwatch/protocol';
import { asc } from 'drizzle-orm';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { auditLog, driftRecords } from '../db/schema/index.ts';
import { type ConsoleCore, type ConsoleCoreOptions, createConsoleCore } from '../services/index.ts';
import { assetSnapshot } from './messages.ts';
import { createTempDir } from './temp-dir.ts';

/** A console core (services and ingest) over a real SQLite file, with a clock the test moves. */
export interface GovernanceFixture extends ConsoleCore {
  database: DatabaseHandle;
  clock: { now: Date; advance(ms: number): Date };
  records(): (typeof driftRecords.$inferSelect)[];
  audit(): (typeof auditLog.$inferSelect)[];
  close(): Promise<void>;
}

export async function createGovernanceFixture(
  options: Omit<ConsoleCoreOptions, 'db' | 'now'> = {},
): Promise<GovernanceFixture> {
  const temp = await createTempDir();
  const database = openDatabase(temp.dir);
  const clock = {
    now: new Date('2026-11-22T10:00:01.000Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
      return clock.now;
    },
  };
  const core = createConsoleCore({ ...options, db: database.db, now: () => clock.now });
  return {
    ...core,
    database,
    clock,
    records: () => database.db.select().from(driftRecords).orderBy(asc(driftRecords.id)).all(),
    audit: () => database.db.select().from(auditLog).orderBy(asc(auditLog.seq)).all(),
    async close() {
      database.close();
      await temp.remove();
    },
  };
}

/** The default press with `setpoints[0]` and other config values replaced. */
export function pressWith(
  config: { setpoint?: number; mode?: string; firmware?: string; serial?: string; checksum?: number } = {},
  overrides: Partial<AssetSnapshot> = {},
): AssetSnapshot {
  const values: AssetSnapshot['values'] = [
    { path: 'setpoints[0]', class: 'config', value: config.setpoint ?? 100, unit: 'rpm' },
    { path: 'mode', class: 'config', value: config.mode ?? 'auto' },
    { path: 'program_checksum', class: 'config', value: config.checksum ?? 4242 },
    { path: 'temperature', class: 'volatile', value: 21.5, unit: 'degC' },
  ];
  return assetSnapshot({
    identity: {
      vendor: 'Acme',
      model: 'X1',
      firmware: config.firmware ?? '2.4.1',
      serial: config.serial ?? 'SN-1',
    },
    values,
    ...overrides,
  });
}

/** A switch snapshot reporting the given links. */
export function switchWith(links: Link[], overrides: Partial<AssetSnapshot> = {}): AssetSnapshot {
  return assetSnapshot({
    assetId: 'switch-01',
    protocol: 'snmp',
    host: '10.0.0.2',
    port: 161,
    unitId: undefined,
    identity: { vendor: 'Netco', model: 'S24' },
    values: [{ path: 'sysName', class: 'config', value: 'sw-hall-1' }],
    links,
    ...overrides,
  });
}

/** A poll at a given time (poll.startedAt), for change windows and as-of queries. */
export function polledAt<T extends AssetSnapshot>(snapshot: T, startedAt: string): T {
  return { ...snapshot, poll: { ...snapshot.poll, startedAt } };
}
