import { z } from 'zod';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 06:30');

/**
 * A window in which a site or target is not polled (a production start-up, a maintenance shift).
 * `start` > `end` means the window runs past midnight; `days` are the days the window *starts* on.
 */
export const quietHoursSchema = z
  .object({
    days: z
      .array(z.enum(DAYS))
      .min(1)
      .default([...DAYS]),
    start: clock,
    end: clock,
    /** IANA time zone of the plant, e.g. Europe/Berlin; default: the gateway's own. */
    timeZone: z
      .string()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'unknown time zone')
      .optional(),
  })
  .refine((window) => window.start !== window.end, { message: 'start and end must differ', path: ['end'] });
export type QuietHours = z.infer<typeof quietHoursSchema>;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function localClock(now: Date, timeZone: string | undefined): { day: Day; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    day: part('weekday').toLowerCase().slice(0, 3) as Day,
    minute: Number(part('hour')) * 60 + Number(part('minute')),
    second: Number(part('second')),
  };
}

/** When the quiet window that contains `now` ends, or undefined when `now` is not quiet. */
export function quietUntil(windows: readonly QuietHours[], now: Date): Date | undefined {
  let latest: number | undefined;
  for (const window of windows) {
    const { day, minute, second } = localClock(now, window.timeZone);
    const yesterday = DAYS[(DAYS.indexOf(day) + 6) % 7] as Day;
    const start = minutesOf(window.start);
    const end = minutesOf(window.end);
    let minutesLeft: number | undefined;
    if (start < end) {
      if (window.days.includes(day) && minute >= start && minute < end) minutesLeft = end - minute;
    } else if (window.days.includes(day) && minute >= start) {
      minutesLeft = 24 * 60 - minute + end;
    } else if (window.days.includes(yesterday) && minute < end) {
      minutesLeft = end - minute;
    }
    if (minutesLeft !== undefined) {
      const endsAt = now.getTime() + minutesLeft * 60_000 - second * 1_000 - now.getMilliseconds();
      latest = Math.max(latest ?? 0, endsAt);
    }
  }
  return latest === undefined ? undefined : new Date(latest);
}
