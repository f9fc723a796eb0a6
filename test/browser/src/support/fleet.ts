import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addUser, type ConsoleHandle, createConsole } from '@plantwatch/console';
import {
  assetSnapshot,
  ingestIntoDataDir,
  inventoryMessage,
  SEED_CHANGED_PRESS,
  statusMessage,
} from '@plantwatch/console/testing';
import { createLogger } from '@plantwatch/shared';
import { ATTRIBUTE, LONG, LONG_WORDS, SCRIPT } from './hostile.ts';

export const PASSWORD = 'browser tests only';

export interface BrowserFleet {
  console: ConsoleHandle;
  close(): Promise<void>;
}

/**
 * A console on a data dir seeded through the real ingest service: plant-a (a press whose setpoint
 * changed after its baseline: one open drift record), plant-b (an asset whose identity and values
 * are hostile), and users: an admin, an approver, and a viewer limited to plant-a.
 */
export async function startBrowserFleet(): Promise<BrowserFleet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plantwatch-browser-'));
  const hostile = assetSnapshot({
    assetId: 'evil-01',
    identity: { vendor: SCRIPT, model: ATTRIBUTE, firmware: LONG, serial: LONG_WORDS },
    values: [
      { path: 'name', class: 'config', value: SCRIPT },
      { path: 'label', class: 'config', value: ATTRIBUTE },
      { path: 'long', class: 'config', value: LONG_WORDS },
    ],
  });
  const outcomes = ingestIntoDataDir(dir, [
    statusMessage({ seq: 1 }),
    inventoryMessage({ seq: 2 }, [assetSnapshot()]),
    inventoryMessage({ seq: 3 }, [SEED_CHANGED_PRESS]),
    statusMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 1 }),
    inventoryMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 2 }, [hostile]),
  ]);
  if (outcomes.some((outcome) => outcome !== 'accepted'))
    throw new Error(`seed not ingested: ${outcomes.join(', ')}`);
  await addUser(dir, { username: 'ada', role: 'admin', password: PASSWORD });
  await addUser(dir, { username: 'aaron', role: 'approver', password: PASSWORD });
  await addUser(dir, { username: 'vera', role: 'viewer', sites: ['plant-a'], password: PASSWORD });
  const console_ = await createConsole({
    dataDir: dir,
    http: { host: '127.0.0.1', port: 0 },
    mqtt: { mode: 'embedded', host: '127.0.0.1', port: 0 },
    logger: createLogger({ name: 'browser-tests', level: process.env.PLANTWATCH_LOG_LEVEL ?? 'silent' }),
  });
  return {
    console: console_,
    async close() {
      await console_.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
