import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';

/**
 * Forgets that the console ingested these messages of an agent, as retention does once they are
 * old enough: for tests of replays, which cannot wait for retention. The console may be running.
 */
export function forgetIngestedMessages(dataDir: string, agentId: string, seqs: readonly number[]): void {
  const database = openDatabase(dataDir);
  try {
    for (const seq of seqs)
      database.db.run(sql`delete from ingested_messages where agent_id = ${agentId} and seq = ${seq}`);
  } finally {
    database.close();
  }
}
