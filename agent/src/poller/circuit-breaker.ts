/**
 * Stops polling a device that keeps failing, for a while. After `threshold` failed polls in a row
 * the breaker opens for `cooldownMs`; then one trial poll is let through ("half open"): success
 * closes it, failure opens it again for twice as long, up to `maxCooldownMs`. A dead PLC is then
 * asked about once per cooldown instead of once per interval, and a device struggling to come back
 * up is not hammered the moment it answers its first SYN.
 */
export interface CircuitBreakerOptions {
  threshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

export interface BreakerState {
  failures: number;
  openUntil: number | undefined;
  cooldownMs: number;
}

export interface CircuitBreaker {
  /** When polling may resume, or undefined when the device may be polled now. */
  blockedUntil(key: string, now: number): number | undefined;
  record(key: string, ok: boolean, now: number): void;
  state(key: string): Readonly<BreakerState> | undefined;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const states = new Map<string, BreakerState>();
  return {
    blockedUntil(key, now) {
      const openUntil = states.get(key)?.openUntil;
      return openUntil !== undefined && now < openUntil ? openUntil : undefined;
    },
    record(key, ok, now) {
      if (ok) {
        states.delete(key);
        return;
      }
      const state = states.get(key) ?? { failures: 0, openUntil: undefined, cooldownMs: options.cooldownMs };
      state.failures += 1;
      const wasOpen = state.openUntil !== undefined;
      if (wasOpen) state.cooldownMs = Math.min(options.maxCooldownMs, state.cooldownMs * 2);
      if (wasOpen || state.failures >= options.threshold) state.openUntil = now + state.cooldownMs;
      states.set(key, state);
    },
    state: (key) => states.get(key),
  };
}
