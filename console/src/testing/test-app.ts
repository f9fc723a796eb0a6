import type { Hono } from 'hono';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { createApp } from '../routes/app.tsx';
import type { AppEnv } from '../routes/env.ts';
import { type ConsoleServices, createConsoleCore } from '../services/index.ts';
import type { IngestService } from '../services/ingest-service.ts';
import { createMemoryLogger } from './memory-logger.ts';
import { createTempDir } from './temp-dir.ts';

export interface TestApp {
  app: Hono<AppEnv>;
  ingest: IngestService;
  services: ConsoleServices;
  logLines: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The clock of the services (ingest receive times, decisions, audit). */
  now?: () => Date;
}

/** The HTTP app over a real SQLite file in a temp dir, fed through the real ingest service. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const temp = await createTempDir();
  let database: DatabaseHandle | undefined;
  try {
    database = openDatabase(temp.dir);
    const { ingest, services } = createConsoleCore({ db: database.db, now: options.now });
    const { logger, lines } = createMemoryLogger();
    const app = createApp({ services, logger, mqttUrl: 'mqtt://127.0.0.1:1883' });
    const handle = database;
    return {
      app,
      ingest,
      services,
      logLines: lines,
      async close() {
        handle.close();
        await temp.remove();
      },
    };
  } catch (error) {
    database?.close();
    await temp.remove();
    throw error;
  }
}
