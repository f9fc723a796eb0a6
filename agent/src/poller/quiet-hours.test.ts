import { describe, expect, it } from 'vitest';
import { type QuietHours, quietHoursSchema, quietUntil } from './quiet-hours.ts';

const window = (raw: object): QuietHours => quietHoursSchema.parse(raw);
// 2026-11-23 is a Monday.
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('is quiet inside a same-day window and says when it ends', () => {
    const shift = [window({ start: '06:00', end: '07:30', timeZone: 'UTC' })];
    expect(quietUntil(shift, at('2026-11-23T06:15:20Z'))?.toISOString()).toBe('2026-11-23T07:30:00.000Z');
    expect(quietUntil(shift, at('2026-11-23T07:30:00Z'))).toBeUndefined();
    expect(quietUntil(shift, at('2026-11-23T05:59:59Z'))).toBeUndefined();
  });

  it('handles a window across midnight, by the day it starts on', () => {
    const night = [window({ days: ['fri'], start: '22:00', end: '02:00', timeZone: 'UTC' })];
    expect(quietUntil(night, at('2026-11-27T23:00:00Z'))?.toISOString()).toBe('2026-11-28T02:00:00.000Z');
    expect(quietUntil(night, at('2026-11-28T01:00:00Z'))?.toISOString()).toBe('2026-11-28T02:00:00.000Z');
    expect(quietUntil(night, at('2026-11-24T23:00:00Z'))).toBeUndefined();
  });

  it('reads the clock in the plant time zone', () => {
    const berlin = [window({ start: '06:00', end: '07:00', timeZone: 'Europe/Berlin' })];
    // 05:30 UTC is 06:30 in Berlin in November (UTC+1).
    expect(quietUntil(berlin, at('2026-11-23T05:30:00Z'))?.toISOString()).toBe('2026-11-23T06:00:00.000Z');
    expect(quietUntil(berlin, at('2026-11-23T06:30:00Z'))).toBeUndefined();
  });

  it('refuses an unknown time zone, a bad time and an empty window', () => {
    expect(
      quietHoursSchema.safeParse({ start: '06:00', end: '07:00', timeZone: 'Mars/Olympus' }).success,
    ).toBe(false);
    expect(quietHoursSchema.safeParse({ start: '6:00', end: '07:00' }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ start: '06:00', end: '06:00' }).success).toBe(false);
  });
});
