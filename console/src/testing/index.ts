/**
 * @plantwatch/console/testing: what suites outside this package need to set up a console's data
 * without an agent: valid protocol messages and ingest of them into a data dir through the real
 * ingest service (validation, governance, drift records), before the console is started on it.
 */
import type { AgentMessage } from '@plantwatch/protocol';
import { openDatabase } from '../db/client.ts';
import { createConsoleCore } from '../services/index.ts';

export { assetSnapshot, driftMessage, failedSnapshot, inventoryMessage, statusMessage } from './messages.ts';
export { forgetIngestedMessages } from './retention.ts';
export { SEED_CHANGED_PRESS, seedFleet } from './seed.ts';

/** Ingests the messages into `<dataDir>/plantwatch.db` (created and migrated if new); returns the outcomes. */
export function ingestIntoDataDir(
  dataDir: string,
  messages: readonly AgentMessage[],
  now?: () => Date,
): string[] {
  const database = openDatabase(dataDir);
  try {
    const { ingest } = createConsoleCore({ db: database.db, now });
    return messages.map((message) => ingest.ingest(message).status);
  } finally {
    database.close();
  }
}
