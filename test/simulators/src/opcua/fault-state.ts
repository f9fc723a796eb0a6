import type { OpcuaFault, OpcuaFaultOptions } from './types.ts';

export interface FaultState {
  inject(fault: OpcuaFault, options?: OpcuaFaultOptions): void;
  clear(): void;
  /** The fault that applies to this request, counting it against `times`; undefined when none. */
  take(service: string): OpcuaFault | undefined;
}

export function createFaultState(): FaultState {
  let current: { fault: OpcuaFault; remaining: number; service: string | undefined } | undefined;
  return {
    inject(fault, options = {}) {
      const times = options.times ?? Number.POSITIVE_INFINITY;
      if (times !== Number.POSITIVE_INFINITY && (!Number.isInteger(times) || times < 1)) {
        throw new RangeError(`times must be a positive integer, got ${times}`);
      }
      if (fault.kind === 'slow' && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
        throw new RangeError(`delayMs must be a non-negative number, got ${fault.delayMs}`);
      }
      current = { fault, remaining: times, service: options.service };
    },
    clear() {
      current = undefined;
    },
    take(service) {
      if (!current || (current.service !== undefined && current.service !== service)) return undefined;
      const { fault } = current;
      current.remaining -= 1;
      if (current.remaining <= 0) current = undefined;
      return fault;
    },
  };
}
