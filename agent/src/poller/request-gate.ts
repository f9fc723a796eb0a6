import { PlantwatchError } from '@plantwatch/shared';
import type { RequestGate } from '../collectors/types.ts';

/**
 * Remembers, per device, when the last request actually went out. Targets at one host:port (unit
 * ids behind a gateway) share the device's pace; polls of one device never overlap (device locks),
 * so "wait, then mark sent" cannot race.
 */
export interface DevicePacer {
  /** How long to wait before the next request to `key` keeps `minGapMs` after the last one. */
  waitMs(key: string, minGapMs: number): number;
  /** Records that a request to `key` goes out now. */
  markSent(key: string): void;
}

export function createDevicePacer(now: () => number = Date.now): DevicePacer {
  const lastSentAt = new Map<string, number>();
  return {
    waitMs(key, minGapMs) {
      const last = lastSentAt.get(key);
      return last === undefined ? 0 : Math.max(0, last + minGapMs - now());
    },
    markSent: (key) => void lastSentAt.set(key, now()),
  };
}

export interface RecordingGate extends RequestGate {
  readonly requests: readonly string[];
}

export function createRequestGate(options: {
  deviceKey: string;
  minGapMs: number;
  pacer: DevicePacer;
  signal: AbortSignal;
}): RecordingGate {
  const requests: string[] = [];
  return {
    requests,
    async before(request) {
      throwIfCancelled(options.signal);
      // Timers can fire late but never early; measuring from the actual last send keeps the gap.
      for (let waitMs = options.pacer.waitMs(options.deviceKey, options.minGapMs); waitMs > 0; ) {
        await delay(waitMs, options.signal);
        throwIfCancelled(options.signal);
        waitMs = options.pacer.waitMs(options.deviceKey, options.minGapMs);
      }
      options.pacer.markSent(options.deviceKey);
      requests.push(request);
    },
  };
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new PlantwatchError('unavailable', 'poll cancelled: the agent is stopping');
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
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
