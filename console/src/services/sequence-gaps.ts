import { sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { reading } from './query-errors.ts';

/**
 * Gaps in an agent's sequence numbers: numbers below the highest one received that never arrived
 * (docs/decisions/0005-signed-messages-replay-and-gaps.md). Every number an agent allocates reaches
 * the console (inventory, drift and status), or is declared unsent (the wills of connections that
 * ended cleanly, see `unsentSeqs`), so a gap is a message lost on the way (an external broker that
 * dropped it, a message the console refused) or dropped by the agent's full outbox. The number just
 * below an `online` status is its connection's will (the agent takes the two together), which is
 * published only if the connection breaks: a hole under a status does not count that number.
 *
 * A hole is only counted once it is settled: the message above it arrived `graceMs` ago or more,
 * and the agent's last status reported an empty outbox. Before that, the missing messages may
 * still be on their way (an outbox replay after an outage sends status messages ahead of the
 * backlog), and the hole is `awaiting`.
 */
export interface SequenceGaps {
  /** Settled missing numbers among the agent's last `windowSeqs` numbers. */
  missing: number;
  /** The settled holes, newest first, at most 10. */
  ranges: { from: number; to: number }[];
  /** Numbers missing that may still arrive. */
  awaiting: number;
}

export interface SequenceGapOptions {
  now?: () => Date;
  graceMs?: number;
  /** How far back below an agent's highest number to look (a bounded scan of its primary key). */
  windowSeqs?: number;
}

export const NO_GAPS: SequenceGaps = { missing: 0, ranges: [], awaiting: 0 };

export function createSequenceGapService(db: ConsoleDatabase, options: SequenceGapOptions = {}) {
  const now = options.now ?? (() => new Date());
  const graceMs = options.graceMs ?? 120_000;
  const windowSeqs = options.windowSeqs ?? 10_000;

  function forAgent(agent: { agentId: string; lastSeq: number; outboxDepth: number | null }): SequenceGaps {
    const rows = db.all<{ seq: number; receivedAt: string; type: string }>(
      sql`select seq, received_at as receivedAt, type from ingested_messages
          where agent_id = ${agent.agentId} and seq > ${agent.lastSeq - windowSeqs} order by seq`,
    );
    const settledBefore = new Date(now().getTime() - graceMs).toISOString();
    const outboxEmpty = agent.outboxDepth === null || agent.outboxDepth === 0;
    const result: SequenceGaps = { missing: 0, ranges: [], awaiting: 0 };
    for (let index = 1; index < rows.length; index += 1) {
      const below = rows[index - 1] as { seq: number };
      const above = rows[index] as { seq: number; receivedAt: string; type: string };
      const top = above.type === 'status' ? above.seq - 2 : above.seq - 1;
      const size = top - below.seq;
      if (size <= 0) continue;
      if (outboxEmpty && above.receivedAt <= settledBefore) {
        result.missing += size;
        result.ranges.unshift({ from: below.seq + 1, to: top });
      } else result.awaiting += size;
    }
    result.ranges = result.ranges.slice(0, 10);
    return result;
  }

  return {
    forAgent,
    /** For one page of agents, by agent id. */
    forAgents(
      agents: readonly { agentId: string; lastSeq: number; outboxDepth: number | null }[],
    ): Record<string, SequenceGaps> {
      return reading('sequence gaps', () =>
        Object.fromEntries(agents.map((agent) => [agent.agentId, forAgent(agent)])),
      );
    },
  };
}
export type SequenceGapService = ReturnType<typeof createSequenceGapService>;
