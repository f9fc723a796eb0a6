/**
 * Slows down password guessing: after `maxFailures` failed sign-ins for one username, or from one
 * client address, within `windowMs`, further attempts for it are refused until the window passes.
 * Kept in memory: a restart forgets it, which costs a guesser a restart of the console.
 */
export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

export interface LoginLimiter {
  /** Milliseconds until an attempt is allowed again, or 0. */
  retryAfterMs(keys: readonly string[]): number;
  recordFailure(keys: readonly string[]): void;
  recordSuccess(keys: readonly string[]): void;
}

export function createLoginLimiter(options: LoginLimiterOptions = {}): LoginLimiter {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  // The map is bounded: a flood of distinct usernames must not grow memory without end.
  const MAX_KEYS = 10_000;

  function recent(key: string): number[] {
    const since = now() - windowMs;
    const times = (failures.get(key) ?? []).filter((at) => at > since);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  }

  return {
    retryAfterMs(keys) {
      let wait = 0;
      for (const key of keys) {
        const times = recent(key);
        if (times.length >= maxFailures) {
          wait = Math.max(wait, (times[times.length - maxFailures] as number) + windowMs - now());
        }
      }
      return wait;
    },
    recordFailure(keys) {
      for (const key of keys) {
        if (!failures.has(key) && failures.size >= MAX_KEYS) {
          const oldest = failures.keys().next().value;
          if (oldest !== undefined) failures.delete(oldest);
        }
        failures.set(key, [...recent(key), now()].slice(-maxFailures));
      }
    },
    recordSuccess(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
