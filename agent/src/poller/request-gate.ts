import { PlantwatchError } from '@plantwatch/shared';
import type { RequestGate } from '../collectors/types.ts';

/**
 * Remembers, per device, when the next request may go out. Targets at one host:port (unit ids
 * behind a gateway) share the device's pace; polls of one device never overlap (device locks).
 */
export interface DevicePacer {
  /** Books the next request slot for `key` and returns how long to wait for it. */
  reserve(key: string, minGapMs: number): number;
}

export function createDevicePacer(now: () => number = Date.now): DevicePacer {
  const nextAt = new Map<string, number>();
  return {
    reserve(key, minGapMs) {
      const current = now();
      const slot = Math.max(current, nextAt.get(key) ?? 0);
      nextAt.set(key, slot + minGapMs);
      return slot - current;
    },
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
      const waitMs = options.pacer.reserve(options.deviceKey, options.minGapMs);
      if (waitMs > 0) await delay(waitMs, options.signal);
      throwIfCancelled(options.signal);
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
