import { describe, expect, it } from 'vitest';
import { createDeviceLocks } from './device-locks.ts';

describe('device locks', () => {
  it('runs work for one device one at a time, in order, even when some fails', async () => {
    const locks = createDeviceLocks();
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    const job =
      (n: number, fail = false) =>
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(n);
        active -= 1;
        if (fail) throw new Error(`job ${n}`);
        return n;
      };
    const results = await Promise.allSettled([
      locks.run('10.0.0.5:502', job(1)),
      locks.run('10.0.0.5:502', job(2, true)),
      locks.run('10.0.0.5:502', job(3)),
    ]);
    expect(maxActive).toBe(1);
    expect(order).toEqual([1, 2, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets different devices work at the same time', async () => {
    const locks = createDeviceLocks();
    let release: () => void = () => {};
    const blocked = locks.run('a:502', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(locks.run('b:502', async () => 'b done')).resolves.toBe('b done');
    release();
    await blocked;
  });
});
