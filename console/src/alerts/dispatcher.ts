import { errorMessage, type Logger } from '@plantwatch/shared';
import { and, asc, eq, lte, min } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { alertDeliveries, alertOutbox } from '../db/schema/index.ts';
import type { Settings } from '../governance/settings.ts';
import { cefMessage } from './cef.ts';
import { sendSyslog } from './syslog.ts';
import { sendWebhook } from './webhook.ts';

export interface AlertDispatcher {
  /** Something was queued: deliver now rather than at the next scheduled check. */
  wake(): void;
  /** Stops scheduling and waits for deliveries in flight. */
  close(): Promise<void>;
}

export interface AlertDispatcherOptions {
  db: ConsoleDatabase;
  settings: () => Settings;
  logger: Logger;
  productVersion: string;
  now?: () => Date;
  batchSize?: number;
  /** The longest sleep between checks for due retries. */
  idleCheckMs?: number;
}

type OutboxRow = typeof alertOutbox.$inferSelect;
interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** No point retrying (the target is gone). */
  final?: boolean;
}

/**
 * Delivers queued alerts, oldest first, each target independently: a webhook POST (signed), a
 * syslog message (RFC 5424 + CEF). A failed attempt is retried with exponential backoff
 * (`backoffBaseMs * 2^(attempt-1)`, at most `backoffMaxMs`) until `maxAttempts`, then marked
 * failed. Every attempt goes to the delivery log. Runs one batch at a time, in the background.
 */
export function startAlertDispatcher(options: AlertDispatcherOptions): AlertDispatcher {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 20;
  const idleCheckMs = options.idleCheckMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  function schedule(): void {
    if (closed) return;
    clearTimeout(timer);
    const next = db
      .select({ at: min(alertOutbox.nextAttemptAt) })
      .from(alertOutbox)
      .where(eq(alertOutbox.state, 'pending'))
      .get()?.at;
    const delay = next ? Math.max(0, Math.min(Date.parse(next) - now().getTime(), idleCheckMs)) : idleCheckMs;
    timer = setTimeout(wake, delay);
    timer.unref();
  }

  function wake(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((error: unknown) => logger.error({ err: error }, 'alert delivery failed unexpectedly'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          wake();
        } else {
          schedule();
        }
      });
  }

  async function run(): Promise<void> {
    for (;;) {
      const due = db
        .select()
        .from(alertOutbox)
        .where(and(eq(alertOutbox.state, 'pending'), lte(alertOutbox.nextAttemptAt, now().toISOString())))
        .orderBy(asc(alertOutbox.id))
        .limit(batchSize)
        .all();
      if (due.length === 0 || closed) return;
      await Promise.all(due.map((row) => deliver(row)));
    }
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const settings = options.settings();
    const started = now();
    const outcome = await attempt(row, settings, started);
    const finished = now();
    const attemptNo = row.attempts + 1;
    const { maxAttempts, backoffBaseMs, backoffMaxMs } = settings.alerts;
    const giveUp = !outcome.ok && (outcome.final === true || attemptNo >= maxAttempts);
    const retryAt = new Date(
      finished.getTime() + Math.min(backoffBaseMs * 2 ** (attemptNo - 1), backoffMaxMs),
    );
    db.transaction((tx) => {
      tx.insert(alertDeliveries)
        .values({
          outboxId: row.id,
          attempt: attemptNo,
          at: started.toISOString(),
          ok: outcome.ok,
          status: outcome.status,
          error: outcome.error?.slice(0, 500) ?? null,
          durationMs: finished.getTime() - started.getTime(),
        })
        .run();
      tx.update(alertOutbox)
        .set({
          attempts: attemptNo,
          state: outcome.ok ? 'delivered' : giveUp ? 'failed' : 'pending',
          deliveredAt: outcome.ok ? finished.toISOString() : null,
          lastError: outcome.error?.slice(0, 500) ?? null,
          nextAttemptAt: outcome.ok || giveUp ? row.nextAttemptAt : retryAt.toISOString(),
        })
        .where(eq(alertOutbox.id, row.id))
        .run();
    });
    const context = { outboxId: row.id, target: row.targetId, event: row.event, attempt: attemptNo };
    if (outcome.ok) logger.debug(context, 'alert delivered');
    else if (giveUp) logger.error({ ...context, reason: outcome.error }, 'alert delivery failed for good');
    else
      logger.warn(
        { ...context, reason: outcome.error, retryAt: retryAt.toISOString() },
        'alert delivery failed; will retry',
      );
  }

  async function attempt(row: OutboxRow, settings: Settings, at: Date): Promise<Outcome> {
    const { timeoutMs } = settings.alerts;
    if (row.targetKind === 'webhook') {
      const target = settings.alerts.webhooks.find((candidate) => candidate.id === row.targetId);
      if (!target?.enabled)
        return { ok: false, status: null, error: 'the webhook target was removed or disabled', final: true };
      const body = JSON.stringify({ deliveryId: row.id, ...row.payload });
      return sendWebhook(target, { id: row.id, event: row.event, body, now: at }, timeoutMs);
    }
    const target = settings.alerts.syslog.find((candidate) => candidate.id === row.targetId);
    if (!target?.enabled)
      return { ok: false, status: null, error: 'the syslog target was removed or disabled', final: true };
    try {
      await sendSyslog(
        target,
        {
          facility: target.facility,
          severity: row.payload.severity,
          timestamp: row.payload.occurredAt,
          msgId: row.event,
          message: cefMessage(row.payload, { productVersion: options.productVersion, deliveryId: row.id }),
        },
        timeoutMs,
      );
      return { ok: true, status: null, error: null };
    } catch (error) {
      return { ok: false, status: null, error: errorMessage(error) };
    }
  }

  // Alerts queued before a restart are delivered at start-up.
  wake();
  return {
    wake,
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}
