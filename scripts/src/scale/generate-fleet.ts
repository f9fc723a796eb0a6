import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../../console/src/db/client.ts';
import { mulberry32 } from '../fleet/fleet.ts';
import { AUDIT_COLUMNS, createAuditWriter } from './audit-writer.ts';
import { DRIFT_RECORD_COLUMNS } from './drift-record-model.ts';
import { writeFinalRows } from './final-rows.ts';
import { layOutFleet, type ScaleOptions } from './fleet-layout.ts';
import { createSimContext } from './sim-context.ts';
import { runSimulation } from './simulation.ts';
import { createBulkWriter, rawSqlite } from './table-writer.ts';

export type { ScaleOptions };

export interface GenerateResult {
  file: string;
  /** Rows written per table. */
  counts: Record<string, number>;
  events: number;
  seconds: number;
}

/**
 * Writes a console database for a whole fleet and a period of its history into
 * `<dataDir>/plantwatch.db`, created and migrated by the console's own `openDatabase`, as if the
 * console had ingested it live. Deterministic: the same options give the same rows.
 *
 * Rows go in through raw prepared statements with foreign keys off (assets are written after the
 * history that refers to them); the rows are consistent, which the generator's test checks with
 * `PRAGMA foreign_key_check`. No ANALYZE is run: a console's database has no statistics either.
 */
export function generateFleet(
  dataDir: string,
  options: ScaleOptions,
  log: (line: string) => void = () => {},
): GenerateResult {
  const started = performance.now();
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
  const file = path.join(dataDir, 'plantwatch.db');
  if (existsSync(file)) throw new Error(`${file} exists already; generate into an empty data directory`);
  const handle = openDatabase(dataDir);
  try {
    const sqlite = rawSqlite(handle.db);
    // No journal while loading (a failed run leaves a database to delete anyway); WAL again after.
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('foreign_keys = OFF');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -1048576');
    sqlite.pragma('temp_store = MEMORY');
    // Lets CREATE INDEX sort with a helper thread.
    sqlite.pragma('threads = 2');
    // Bulk loading into tables without secondary indexes, then building each index once from
    // sorted data, is several times faster than keeping a dozen indexes up to date row by row.
    // The migrations' own CREATE INDEX statements are replayed, so the schema ends up identical.
    const indexes = sqlite
      .prepare("select name, sql from sqlite_master where type = 'index' and sql is not null")
      .all() as { name: string; sql: string }[];
    for (const index of indexes) sqlite.exec(`drop index "${index.name}"`);

    const random = mulberry32(options.seed);
    const layout = layOutFleet(options, random);
    log(
      `layout: ${layout.sites.length} sites, ${layout.sites.length * options.agentsPerSite} agents, ${layout.assets.length} assets, ${layout.windows.length} change windows (${elapsed()} s)`,
    );

    const writer = createBulkWriter(sqlite);
    const tables = {
      configVersions: writer.table('config_versions', ['fingerprint', 'state', 'first_seen_at'], 'ignore'),
      assetVersions: writer.table('asset_versions', [
        'site_id',
        'asset_id',
        'fingerprint',
        'agent_id',
        'seq',
        'observed_at',
        'received_at',
      ]),
      driftEvents: writer.table('drift_events', [
        'site_id',
        'agent_id',
        'asset_id',
        'seq',
        'detected_at',
        'received_at',
        'previous_fingerprint',
        'current_fingerprint',
        'state',
        'changes',
        'drift_record_id',
      ]),
      driftRecords: writer.table('drift_records', DRIFT_RECORD_COLUMNS),
      owners: writer.table('owners', [
        'entity_type',
        'site_id',
        'entity_id',
        'owner',
        'purpose',
        'updated_at',
        'updated_by',
      ]),
      changeWindows: writer.table('change_windows', [
        'id',
        'site_id',
        'asset_ids',
        'starts_at',
        'ends_at',
        'ticket',
        'owner',
        'description',
        'created_at',
        'created_by',
        'cancelled_at',
        'cancelled_by',
      ]),
      audit: createAuditWriter(writer.table('audit_log', AUDIT_COLUMNS)),
    };
    const context = createSimContext(options, layout, tables, random);
    const events = runSimulation(context, (fraction) =>
      log(`history: ${Math.round(fraction * 100)}% of ${options.days} days (${elapsed()} s)`),
    );
    writer.flush();
    log(`history: ${events} events replayed (${elapsed()} s)`);
    writeFinalRows(writer, layout, options, random);
    log(`current state written (${elapsed()} s)`);
    for (const index of indexes) sqlite.exec(index.sql);
    log(`${indexes.length} indexes built (${elapsed()} s)`);
    sqlite.pragma('journal_mode = WAL');
    return { file, counts: writer.counts(), events, seconds: (performance.now() - started) / 1000 };
  } finally {
    handle.close();
  }
}
