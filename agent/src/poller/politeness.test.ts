import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';
import { createSemaphore } from './semaphore.ts';

describe('retry backoff', () => {
  it('doubles per attempt, jitters between 50 % and 150 %, and stays under the cap', () => {
    expect(retryDelayMs(0, 1_000, 60_000, () => 0.5)).toBe(1_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 0.5)).toBe(8_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 0)).toBe(4_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 0.999)).toBe(11_992);
    expect(retryDelayMs(10, 1_000, 60_000, () => 0.5)).toBe(60_000);
  });
});

describe('circuit breaker', () => {
  const options = { threshold: 3, cooldownMs: 10_000, maxCooldownMs: 25_000 };

  it('opens after the threshold of failures in a row, and a success resets the count', () => {
    const breaker = createCircuitBreaker(options);
    breaker.record('plc', false, 0);
    breaker.record('plc', false, 1);
    breaker.record('plc', true, 2);
    breaker.record('plc', false, 3);
    breaker.record('plc', false, 4);
    expect(breaker.blockedUntil('plc', 5)).toBeUndefined();
    breaker.record('plc', false, 5);
    expect(breaker.blockedUntil('plc', 6)).toBe(10_005);
    expect(breaker.blockedUntil('other', 6)).toBeUndefined();
  });

  it('lets one trial through after the cooldown; a failed trial reopens it for longer, up to the cap', () => {
    const breaker = createCircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.record('plc', false, 0);
    expect(breaker.blockedUntil('plc', 10_000)).toBeUndefined();
    breaker.record('plc', false, 10_000);
    expect(breaker.blockedUntil('plc', 10_001)).toBe(30_000);
    breaker.record('plc', false, 30_000);
    expect(breaker.blockedUntil('plc', 30_001)).toBe(55_000);
    breaker.record('plc', true, 55_000);
    expect(breaker.blockedUntil('plc', 55_001)).toBeUndefined();
    expect(breaker.state('plc')).toBeUndefined();
  });
});

describe('semaphore', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const semaphore = createSemaphore(2);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        semaphore.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
