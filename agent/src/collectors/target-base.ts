import { idSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import { quietHoursSchema } from '../poller/quiet-hours.ts';

/**
 * The fields every target has, whatever its protocol, with conservative defaults. Each collector's
 * schema spreads `targetBaseShape(...)` with its own default port and request gap.
 */
export function targetBaseShape(defaults: { port: number; minRequestGapMs: number; timeoutMs?: number }) {
  return {
    id: idSchema,
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(defaults.port),
    /** From the start of one poll to the start of the next. */
    pollIntervalMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
    /** Per request; a device that does not answer in time fails this poll, not the agent. */
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(defaults.timeoutMs ?? 3_000),
    /** Retries of a failed poll within one cycle, after an exponential backoff with jitter. */
    retries: z.number().int().min(0).max(5).default(1),
    /** The least time between two requests to this device (all targets at the same host:port share it). */
    minRequestGapMs: z.number().int().min(0).max(60_000).default(defaults.minRequestGapMs),
    /** Windows in which this target is not polled at all, in addition to the agent's. */
    quietHours: z.array(quietHoursSchema).max(20).default([]),
  };
}
