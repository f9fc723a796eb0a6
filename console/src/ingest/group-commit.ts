import type { Logger } from '@plantwatch/shared';
import type { AgentMessageHandler } from './agent-message-handler.ts';

/** Called once the message is committed (`null`), or with the error when it is not stored. */
export type StoredCallback = (error: Error | null) => void;

/** Stores a message; `done` is called only after the transaction holding it has committed. */
export type GroupCommitStore = (topic: string, payload: Buffer, done: StoredCallback) => void;

export interface GroupCommitOptions {
  handle: AgentMessageHandler;
  /** Runs `work` in one database transaction, synchronously; throws when the commit fails. */
  transaction: (work: () => void) => void;
  logger: Logger;
  /** Most messages in one transaction. */
  maxBatch?: number;
}

/**
 * Group commit: the messages that arrive in one turn of the event loop (aedes hands over every
 * packet of a socket read at once, and many agents' reads land in the same turn) are stored in one
 * transaction, then all their callbacks run. A commit (an fsync in WAL mode) costs more than the
 * writes of one message: batches of 1,000 store about twice as fast as single commits, without
 * acknowledging anything early, since no callback runs before the commit. Each message still runs
 * in its own savepoint (the ingest service's nested transaction), so one failed message does not
 * undo the others; if the commit itself fails, every message of the batch gets the error and stays
 * with its agent (the ingest counters have counted them already: they are statistics, not truth).
 */
export function createGroupCommit(options: GroupCommitOptions): GroupCommitStore {
  const { handle, transaction, logger } = options;
  const maxBatch = options.maxBatch ?? 256;
  let pending: { topic: string; payload: Buffer; done: StoredCallback }[] = [];

  function flush(): void {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const results: (Error | undefined)[] = [];
    let commitError: Error | undefined;
    try {
      transaction(() => {
        for (const { topic, payload } of batch) results.push(handle(topic, payload));
      });
    } catch (error) {
      commitError = error instanceof Error ? error : new Error(String(error));
      logger.error(
        { err: error, messages: batch.length },
        'cannot commit agent messages; they stay unacknowledged',
      );
    }
    batch.forEach(({ done }, index) => {
      done(commitError ?? results[index] ?? null);
    });
  }

  return (topic, payload, done) => {
    pending.push({ topic, payload, done });
    if (pending.length === 1) setImmediate(flush);
    else if (pending.length >= maxBatch) flush();
  };
}
