/** The request log every simulator keeps: what arrived, in order, and waits for more. */

export interface RequestLog<T> {
  record(request: T): void;
  list(): T[];
  clear(): void;
  /** Resolves when `count` more requests arrive; clear() does not count as arrivals. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  /** Rejects every pending wait, so close() leaves no timer behind. */
  cancelWaits(reason: string): void;
}

interface Waiter {
  target: number;
  settle(error?: Error): void;
}

export function createRequestLog<T extends object>(protocol: string): RequestLog<T> {
  let requests: T[] = [];
  // Counts every arrival since start; waits compare against it so clearing the list cannot confuse them.
  let received = 0;
  const waiters = new Set<Waiter>();

  return {
    record(request) {
      requests.push(Object.freeze(request));
      received += 1;
      for (const waiter of waiters) if (received >= waiter.target) waiter.settle();
    },
    list: () => [...requests],
    clear() {
      requests = [];
    },
    waitFor(count, timeoutMs) {
      if (!Number.isInteger(count) || count < 0) {
        return Promise.reject(new RangeError(`count must be a non-negative integer, got ${count}`));
      }
      if (count === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const target = received + count;
        const timer = setTimeout(() => {
          waiter.settle(
            new Error(
              `expected ${count} more ${protocol} request(s) within ${timeoutMs} ms, got ${count - (target - received)}`,
            ),
          );
        }, timeoutMs);
        const waiter: Waiter = {
          target,
          settle(error) {
            clearTimeout(timer);
            waiters.delete(waiter);
            if (error) reject(error);
            else resolve();
          },
        };
        waiters.add(waiter);
      });
    },
    cancelWaits(reason) {
      for (const waiter of waiters) waiter.settle(new Error(reason));
    },
  };
}
