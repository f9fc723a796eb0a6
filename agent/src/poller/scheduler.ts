import type { AssetSnapshot, TrackedState } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';
import type { TargetConfig } from '../collectors/registry.ts';
import type { AgentConfig } from '../config/agent-config.ts';
import { retryDelayMs } from './backoff.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';
import { createDeviceLocks, deviceKey } from './device-locks.ts';
import { pollTarget } from './poll-target.ts';
import { quietUntil } from './quiet-hours.ts';
import { createDevicePacer } from './request-gate.ts';
import { createSemaphore } from './semaphore.ts';

export type SkipReason = 'quiet_hours' | 'circuit_open';

export interface SchedulerOptions {
  targets: readonly TargetConfig[];
  polling: AgentConfig['polling'];
  logger: Logger;
  onSnapshot: (target: TargetConfig, snapshot: AssetSnapshot) => void | Promise<void>;
  /** Told when a due poll is not made, and until when. */
  onSkip?: (target: TargetConfig, reason: SkipReason, until: Date) => void;
  /** The tracked state of a target's last successful poll, for collectors that derive values from it. */
  previousState?: (targetId: string) => TrackedState | undefined;
  now?: () => number;
}

export interface Scheduler {
  start(): void;
  /** Stops the timers, cancels retries and waits for polls in flight to finish. */
  stop(): Promise<void>;
}

/**
 * Polls every target on its own interval, politely:
 * - one poll at a time per device (host:port), `maxConcurrentPolls` across the agent;
 * - a failed poll is retried `retries` times in the same cycle, after an exponential backoff with
 *   jitter; only the final outcome is reported;
 * - after `breakerThreshold` failed cycles in a row the device is left alone for a cooldown;
 * - nothing is polled inside the site's or the target's quiet hours.
 * An interval runs from the start of one poll to the start of the next; first polls are staggered
 * so that an agent restart does not hit every device in the same second.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { polling } = options;
  const now = options.now ?? Date.now;
  const locks = createDeviceLocks();
  const pacer = createDevicePacer();
  const concurrency = createSemaphore(polling.maxConcurrentPolls);
  const breaker = createCircuitBreaker({
    threshold: polling.breakerThreshold,
    cooldownMs: polling.breakerCooldownMs,
    maxCooldownMs: polling.breakerMaxCooldownMs,
  });
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let running = false;

  function schedule(target: TargetConfig, delayMs: number): void {
    if (!running) return;
    timers.set(
      target.id,
      setTimeout(() => due(target), delayMs),
    );
  }

  function due(target: TargetConfig): void {
    const quiet = quietUntil([...polling.quietHours, ...target.quietHours], new Date(now()));
    const blocked = breaker.blockedUntil(deviceKey(target), now());
    const until = quiet?.getTime() ?? blocked;
    if (until !== undefined) {
      options.onSkip?.(target, quiet ? 'quiet_hours' : 'circuit_open', new Date(until));
      schedule(target, Math.max(until - now(), 1_000));
      return;
    }
    const startedAt = now();
    const run = concurrency
      .run(() => locks.run(deviceKey(target), () => pollWithRetries(target)))
      .finally(() => {
        inFlight.delete(run);
        schedule(target, Math.max(0, target.pollIntervalMs - (now() - startedAt)));
      });
    inFlight.add(run);
  }

  async function pollWithRetries(target: TargetConfig): Promise<void> {
    if (!running) return;
    const logger = options.logger.child({ target: target.id });
    let snapshot: AssetSnapshot | undefined;
    for (let attempt = 0; running; attempt += 1) {
      snapshot = await pollTarget(target, {
        logger,
        signal: abort.signal,
        pacer,
        previous: options.previousState?.(target.id),
      });
      if (snapshot.poll.ok || attempt >= target.retries) break;
      const waitMs = retryDelayMs(attempt, polling.retryBackoffMs, target.pollIntervalMs);
      logger.info({ attempt: attempt + 1, waitMs }, 'poll failed; retrying after backoff');
      await cancellableDelay(waitMs, abort.signal);
    }
    if (!snapshot || !running) return;
    breaker.record(deviceKey(target), snapshot.poll.ok, now());
    const openUntil = breaker.blockedUntil(deviceKey(target), now());
    if (openUntil !== undefined) {
      logger.warn(
        { until: new Date(openUntil).toISOString() },
        'device keeps failing; leaving it alone for a while',
      );
    }
    try {
      await options.onSnapshot(target, snapshot);
    } catch (error) {
      logger.error({ err: error }, 'handling a snapshot failed');
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      const staggerMs = Math.min(500, 10_000 / Math.max(1, options.targets.length));
      for (const [index, target] of options.targets.entries()) {
        schedule(target, Math.min(index * staggerMs, target.pollIntervalMs));
      }
    },
    async stop() {
      running = false;
      abort.abort();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}

function cancellableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
