import type { ModbusFault } from './types.ts';

export interface FaultState {
  inject(fault: ModbusFault, times?: number): void;
  clear(): void;
  /** The fault for the next answered request, if any; counts it against `times`. */
  take(): ModbusFault | undefined;
}

export function createFaultState(): FaultState {
  let active: ModbusFault | undefined;
  let remaining = Number.POSITIVE_INFINITY;

  return {
    inject(fault, times) {
      if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
        throw new RangeError(`times must be a positive integer, got ${times}`);
      }
      active = checkFault(fault);
      remaining = times ?? Number.POSITIVE_INFINITY;
    },
    clear() {
      active = undefined;
    },
    take() {
      const fault = active;
      if (fault === undefined) return undefined;
      remaining -= 1;
      if (remaining <= 0) active = undefined;
      return fault;
    },
  };
}

function checkFault(fault: ModbusFault): ModbusFault {
  if (fault.kind === 'exception' && fault.code !== undefined) {
    if (!Number.isInteger(fault.code) || fault.code < 1 || fault.code > 0xff) {
      throw new RangeError(`exception code must be an integer 1-255, got ${fault.code}`);
    }
  }
  if (fault.kind === 'slow' && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
    throw new RangeError(`delayMs must be a non-negative number, got ${fault.delayMs}`);
  }
  // A copy, so a caller changing its object afterwards does not change the fault in force.
  return { ...fault };
}
