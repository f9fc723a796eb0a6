/**
 * One request stream per device. Several targets can sit behind one address (unit ids behind a
 * Modbus gateway), so the lock is per host and port: a small PLC or gateway is never asked two
 * things at once by this agent.
 */
export interface DeviceLocks {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createDeviceLocks(): DeviceLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

export function deviceKey(target: { host: string; port: number }): string {
  return `${target.host}:${target.port}`;
}
