import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createConsoleCore } from '../services/index.ts';
import { assetSnapshot, inventoryMessage } from '../testing/messages.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { openDatabase } from './client.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
let temp: Awaited<ReturnType<typeof createTempDir>>;

beforeEach(async () => {
  temp = await createTempDir();
});
afterEach(async () => {
  await temp.remove();
});

/** A database as the console left it before drift governance: only the first migration applied. */
async function databaseBeforeGovernance(dataDir: string): Promise<void> {
  const folder = path.join(dataDir, 'migrations-0000');
  await mkdir(path.join(folder, 'meta'), { recursive: true });
  await copyFile(path.join(MIGRATIONS, '0000_initial.sql'), path.join(folder, '0000_initial.sql'));
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  await writeFile(
    path.join(folder, 'meta/_journal.json'),
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }),
  );
  const sqlite = new Database(path.join(dataDir, 'plantwatch.db'));
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  const fingerprint = assetSnapshot().fingerprint;
  const at = '2026-01-01T00:00:00.000Z';
  sqlite.exec(`
    insert into sites values ('plant-a', '${at}', '${at}');
    insert into agents values ('gw-01', 'plant-a', 'online', null, null, null, '${at}', '${at}', 1);
    insert into config_versions values ('${fingerprint}', '{}', '${at}');
    insert into assets values ('plant-a', 'press-01', 'gw-01', 'modbus', '10.0.0.5', 502, 1, '{}', '[]',
      '${fingerprint}', '{"ok":true}', 1, '${at}', 1, '${at}', '${at}');`);
  sqlite.close();
}

it('upgrades a database from before drift governance: assets are queued for review, baselines start at the next snapshot', async () => {
  await databaseBeforeGovernance(temp.dir);
  const database = openDatabase(temp.dir);
  try {
    const { ingest, services } = createConsoleCore({ db: database.db });
    expect(services.review.list({}, { limit: 10, offset: 0 }).items).toMatchObject([
      { itemKey: 'asset:press-01', status: 'pending', agentId: 'gw-01' },
    ]);
    ingest.ingest(inventoryMessage({ seq: 2 }));
    expect(services.assets.getAsset(null, 'plant-a', 'press-01').baseline).toMatchObject({
      source: 'initial',
    });
    ingest.ingest(
      inventoryMessage({ seq: 3 }, [
        assetSnapshot({ values: [{ path: 'setpoints[0]', class: 'config', value: 1 }] }),
      ]),
    );
    expect(services.drift.list({}, { limit: 10, offset: 0 }).total).toBe(1);
  } finally {
    database.close();
  }
});
