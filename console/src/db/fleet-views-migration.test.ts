import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createConsoleCore } from '../services/index.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { openDatabase } from './client.ts';

/** Migration 0008 on a database that holds a fleet: backfills, counters and the search index. */

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
let temp: Awaited<ReturnType<typeof createTempDir>>;

beforeEach(async () => {
  temp = await createTempDir();
});
afterEach(async () => {
  await temp.remove();
});

/** A database as migrations 0000-0007 left it, with two sites' assets, owners and drift. */
async function databaseBefore0008(dataDir: string): Promise<void> {
  const folder = path.join(dataDir, 'migrations-0007');
  await mkdir(path.join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const entries = journal.entries.filter((entry) => entry.tag < '0008');
  for (const file of await readdir(MIGRATIONS)) {
    if (file.endsWith('.sql') && file < '0008')
      await copyFile(path.join(MIGRATIONS, file), path.join(folder, file));
  }
  await writeFile(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  const sqlite = new Database(path.join(dataDir, 'plantwatch.db'));
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  const at = '2026-11-01T00:00:00.000Z';
  const asset =
    sqlite.prepare(`insert into assets (site_id, asset_id, agent_id, protocol, host, port, unit_id,
      identity, "values", fingerprint, poll, poll_ok, last_poll_at, last_seq, consecutive_failures,
      first_seen_at, updated_at) values (?, ?, ?, 'modbus', ?, 502, 1, ?, '[]', null, '{}', ?, ?, 1, 0, ?, ?)`);
  const drift = sqlite.prepare(`insert into drift_records (site_id, agent_id, asset_id, kind, class, severity,
      state, changes, change_classes, ignored_changes, detected_at, last_detected_at, opened_at, updated_at)
      values (?, ?, ?, 'config', 'setpoint', 'high', ?, '[]', '[]', '[]', ?, ?, ?, ?)`);
  sqlite.transaction(() => {
    for (const site of ['plant-a', 'plant-b']) {
      sqlite.prepare('insert into sites values (?, ?, ?)').run(site, at, at);
      sqlite
        .prepare(`insert into agents (agent_id, site_id, state, first_seen_at, last_seen_at, last_seq)
          values (?, ?, 'online', ?, ?, 1)`)
        .run(`gw-${site}`, site, at, at);
    }
    const identity = (serial: string) => JSON.stringify({ vendor: 'Acme', productName: 'X9', serial });
    asset.run('plant-a', 'press-01', 'gw-plant-a', '10.0.0.1', identity('SN-A1'), 1, at, at, at);
    asset.run('plant-a', 'press-02', 'gw-plant-a', '10.0.0.2', identity('SN-A2'), 0, at, at, at);
    asset.run('plant-b', 'pump-01', 'gw-plant-b', '10.1.0.1', identity('SN-B1'), 1, at, at, at);
    sqlite
      .prepare("insert into owners values ('asset', 'plant-a', 'press-01', 'Line 1', 'stamping', ?, 'bob')")
      .run(at);
    for (const state of ['open', 'approved', 'unauthorized', 'resolved']) {
      drift.run('plant-a', 'gw-plant-a', 'press-01', state, at, at, at, at);
    }
  })();
  sqlite.close();
}

it('backfills the last successful poll and the owner, counts each site and indexes the search text', async () => {
  await databaseBefore0008(temp.dir);
  const database = openDatabase(temp.dir);
  try {
    const { services } = createConsoleCore({ db: database.db, now: () => new Date('2026-11-01T00:02:00Z') });
    const page = { limit: 10, offset: 0, sort: 'asset', dir: 'asc' } as const;
    expect(services.inventory.list(null, {}, page).items).toMatchObject([
      { assetId: 'press-01', lastOkAt: '2026-11-01T00:00:00.000Z', owner: 'Line 1', model: 'X9' },
      { assetId: 'press-02', lastOkAt: null, owner: null },
      { assetId: 'pump-01', lastOkAt: '2026-11-01T00:00:00.000Z', owner: null },
    ]);
    expect(services.inventory.list(null, { q: 'sn-b' }, page).items).toMatchObject([{ assetId: 'pump-01' }]);
    expect(services.fleet.listSites(null, { ...page, sort: 'site' }).items).toMatchObject([
      {
        siteId: 'plant-a',
        assetCount: 2,
        unownedAssets: 1,
        openDrift: 1,
        unauthorized: 2,
        unresolvedUnauthorized: 1,
        coveredTargets: 1,
      },
      { siteId: 'plant-b', assetCount: 1, unownedAssets: 1, openDrift: 0, coveredTargets: 1 },
    ]);
  } finally {
    database.close();
  }
});
