import type { AgentMessage } from '@plantwatch/protocol';
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';

/**
 * Sequence numbers beyond idempotent ingest, inside the transaction that stores a message
 * (docs/decisions/0005-signed-messages-replay-and-gaps.md):
 *
 * - Replay: inventory and drift leave an agent's outbox oldest first, so each one the console
 *   accepts from an enrolled agent is numbered above every earlier one; `last_signed_seq` keeps the
 *   highest. A signed inventory or drift at or below it that the console does not remember (its
 *   record pruned by retention, or lost with a restored backup) is a replay. Status messages are
 *   not queued (the will is built at connect, published at disconnect, after later messages), so
 *   they are checked for duplicates only.
 * - Unsent wills: an `online` status lists the will numbers the agent will never send; they are
 *   recorded as accounted for, so that they are not taken for a gap.
 */
export function isReplay(tx: Tx, message: AgentMessage): boolean {
  if (message.type === 'status') return false;
  const row = tx.get<{ last: number } | undefined>(
    sql`select last_signed_seq as last from agent_identities where agent_id = ${message.agentId}`,
  );
  return row !== undefined && message.seq <= row.last;
}

export function advanceSignedSeq(tx: Tx, message: AgentMessage): void {
  if (message.type === 'status') return;
  tx.run(
    sql`update agent_identities set last_signed_seq = ${message.seq}
        where agent_id = ${message.agentId} and last_signed_seq < ${message.seq}`,
  );
}

export function recordUnsentSeqs(tx: Tx, message: AgentMessage, at: string): void {
  if (message.type !== 'status' || !message.unsentSeqs) return;
  for (const seq of message.unsentSeqs) {
    if (seq >= message.seq) continue;
    tx.run(
      sql`insert into ingested_messages (agent_id, seq, site_id, type, received_at)
          values (${message.agentId}, ${seq}, ${message.siteId}, 'status', ${at})
          on conflict do nothing`,
    );
  }
}
