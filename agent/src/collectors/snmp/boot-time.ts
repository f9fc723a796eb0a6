import type { ScalarValue } from '@plantwatch/protocol';

/** sysUpTime is TimeTicks (1/100 s) in 32 bits: it wraps to 0 after 2^32 ticks, about 497 days. */
export const UPTIME_WRAP_MS = 2 ** 32 * 10;
/** Device oscillators run off by up to about 100 ppm; over weeks that adds up to minutes. */
const CLOCK_DRIFT = 1e-4;

/**
 * The time the device last booted, as a drift-tracked value that changes on a reboot and on
 * nothing else. sysUpTime itself is volatile; now - sysUpTime is stable but jitters by the
 * request's round trip and drifts with the device's clock, so the previous poll's boot time is
 * kept while the new estimate stays within `toleranceMs` plus 100 ppm of the time since that
 * boot, or is a whole number of 497-day sysUpTime wraps later (a wrap is not a reboot).
 */
export function stableBootTime(options: {
  nowMs: number;
  uptimeTicks: number;
  previous: ScalarValue | undefined;
  toleranceMs: number;
}): string {
  const estimateMs = options.nowMs - options.uptimeTicks * 10;
  const previousMs = typeof options.previous === 'string' ? Date.parse(options.previous) : Number.NaN;
  if (typeof options.previous === 'string' && Number.isFinite(previousMs)) {
    const allowanceMs = Math.max(options.toleranceMs, (options.nowMs - previousMs) * CLOCK_DRIFT);
    const offsetMs = estimateMs - previousMs;
    const wraps = Math.max(0, Math.round(offsetMs / UPTIME_WRAP_MS));
    if (Math.abs(offsetMs - wraps * UPTIME_WRAP_MS) <= allowanceMs) return options.previous;
  }
  return new Date(Math.round(estimateMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
