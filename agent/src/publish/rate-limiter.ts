/**
 * A token bucket: at most `perSecond` takes per second on average, bursts up to `perSecond`.
 * Replaying a long outbox after an outage must not flood the broker (or the console behind it).
 */
export interface RateLimiter {
  take(signal: AbortSignal): Promise<void>;
}

export function createRateLimiter(perSecond: number, now: () => number = Date.now): RateLimiter {
  let tokens = perSecond;
  let refilledAt = now();
  return {
    async take(signal) {
      for (;;) {
        const current = now();
        tokens = Math.min(perSecond, tokens + ((current - refilledAt) / 1_000) * perSecond);
        refilledAt = current;
        if (tokens >= 1 || signal.aborted) {
          tokens -= 1;
          return;
        }
        const waitMs = Math.ceil(((1 - tokens) / perSecond) * 1_000);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    },
  };
}
