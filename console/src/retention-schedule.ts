import { errorMessage, type Logger } from '@plantwatch/shared';
import type { RetentionService } from './services/history/retention-service.ts';

export interface RetentionSchedule {
  close(): void;
}

/**
 * Prunes volatile history once per interval (hourly by default), starting one interval after
 * start-up so that starting the console stays fast. The timer does not keep the process alive.
 */
export function startRetentionSchedule(
  retention: RetentionService,
  logger: Logger,
  intervalMs = 3_600_000,
  /** Also deletes expired sign-in sessions (they are refused anyway; this keeps the table small). */
  sweepSessions?: () => number,
): RetentionSchedule {
  const timer = setInterval(() => {
    try {
      const ended = sweepSessions?.() ?? 0;
      if (ended > 0) logger.info({ ended }, 'expired sessions deleted');
    } catch (error) {
      logger.error({ err: error, reason: errorMessage(error) }, 'cannot delete expired sessions');
    }
    try {
      const result = retention.prune();
      if (result.horizon !== null) logger.info({ ...result }, 'history pruned');
    } catch (error) {
      logger.error({ err: error, reason: errorMessage(error) }, 'cannot prune history');
    }
  }, intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
