import type { AssetSnapshot, TrackedState } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';
import type { TargetConfig } from '../collectors/registry.ts';
import { createDeviceLocks, deviceKey } from './device-locks.ts';
import { pollTarget } from './poll-target.ts';
import { createDevicePacer } from './request-gate.ts';

export interface SchedulerOptions {
  targets: readonly TargetConfig[];
  logger: Logger;
  onSnapshot: (target: TargetConfig, snapshot: AssetSnapshot) => void | Promise<void>;
  /** The tracked state of a target's last successful poll, for collectors that derive values from it. */
  previousState?: (targetId: string) => TrackedState | undefined;
}

export interface Scheduler {
  start(): void;
  /** Stops the timers and waits for polls in flight to finish. */
  stop(): Promise<void>;
}

/**
 * Polls every target on its own interval. Polls of one device are serialized by the device lock;
 * an interval is measured from the start of one poll to the start of the next, and a poll that
 * overruns its interval is followed by the next one only after it ends (never two at once).
 * First polls are staggered so that an agent restart does not hit every device in the same second.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const locks = createDeviceLocks();
  const pacer = createDevicePacer();
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let running = false;

  function schedule(target: TargetConfig, delayMs: number): void {
    if (!running) return;
    timers.set(
      target.id,
      setTimeout(() => {
        const startedAt = Date.now();
        const run = locks
          .run(deviceKey(target), () => pollOne(target))
          .finally(() => {
            inFlight.delete(run);
            schedule(target, Math.max(0, target.pollIntervalMs - (Date.now() - startedAt)));
          });
        inFlight.add(run);
      }, delayMs),
    );
  }

  async function pollOne(target: TargetConfig): Promise<void> {
    if (!running) return;
    const logger = options.logger.child({ target: target.id });
    const snapshot = await pollTarget(target, {
      logger,
      signal: abort.signal,
      pacer,
      previous: options.previousState?.(target.id),
    });
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
