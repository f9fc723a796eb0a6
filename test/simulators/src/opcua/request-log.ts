import type { RecordedOpcuaRequest } from './types.ts';

export interface RequestLog {
  record(request: RecordedOpcuaRequest): void;
  list(): RecordedOpcuaRequest[];
  clear(): void;
  /** Resolves with the next request of `service` (any if undefined); rejects after timeoutMs. */
  next(service: string | undefined, timeoutMs: number): Promise<RecordedOpcuaRequest>;
  /** Rejects every pending wait, so close() leaves no timer behind. */
  cancelWaits(reason: string): void;
}

interface Waiter {
  service: string | undefined;
  resolve(request: RecordedOpcuaRequest): void;
  reject(error: Error): void;
}

export function createRequestLog(): RequestLog {
  const requests: RecordedOpcuaRequest[] = [];
  const waiters = new Set<Waiter>();
  return {
    record(request) {
      requests.push(request);
      for (const waiter of waiters) {
        if (waiter.service === undefined || waiter.service === request.service) waiter.resolve(request);
      }
    },
    list: () => [...requests],
    clear() {
      requests.length = 0;
    },
    next(service, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no ${service ?? 'OPC UA'} request within ${timeoutMs} ms`));
        }, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        const waiter: Waiter = {
          service,
          resolve(request) {
            settle();
            resolve(request);
          },
          reject(error) {
            settle();
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
    cancelWaits(reason) {
      for (const waiter of waiters) waiter.reject(new Error(reason));
    },
  };
}
