import type { RecordedSnmpRequest, SnmpFault, SnmpFaultOptions } from './types.ts';

export interface FaultState {
  inject(fault: SnmpFault, options?: SnmpFaultOptions): void;
  clear(): void;
  /** The fault for this request, if one applies; counts it against `times`. */
  take(request: RecordedSnmpRequest): SnmpFault | undefined;
}

export function createFaultState(): FaultState {
  let active: { fault: SnmpFault; remaining: number; oidPrefix: string | undefined } | undefined;

  return {
    inject(fault, options = {}) {
      const { times, oidPrefix } = options;
      if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
        throw new RangeError(`times must be a positive integer, got ${times}`);
      }
      if (fault.kind === 'slow' && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
        throw new RangeError(`delayMs must be a non-negative number, got ${fault.delayMs}`);
      }
      // A copy, so a caller changing its object afterwards does not change the fault in force.
      active = { fault: { ...fault }, remaining: times ?? Number.POSITIVE_INFINITY, oidPrefix };
    },
    clear() {
      active = undefined;
    },
    take(request) {
      if (!active) return undefined;
      const first = request.oids[0] ?? '';
      const prefix = active.oidPrefix;
      if (prefix !== undefined && first !== prefix && !first.startsWith(`${prefix}.`)) return undefined;
      const { fault } = active;
      active.remaining -= 1;
      if (active.remaining <= 0) active = undefined;
      return fault;
    },
  };
}
