import { describe, expect, it } from 'vitest';
import { stableBootTime, UPTIME_WRAP_MS } from './boot-time.ts';

const NOW = Date.parse('2026-11-22T10:00:00.000Z');
const DAY_MS = 86_400_000;
const ticks = (ms: number) => Math.round(ms / 10);

describe('stableBootTime', () => {
  it('estimates now - sysUpTime to the second on a first poll', () => {
    expect(
      stableBootTime({
        nowMs: NOW,
        uptimeTicks: ticks(3 * DAY_MS + 400),
        previous: undefined,
        toleranceMs: 5_000,
      }),
    ).toBe('2026-11-19T10:00:00Z');
  });

  it('keeps the previous value through round-trip jitter and clock drift, so neither is drift', () => {
    const previous = '2026-11-19T10:00:00Z';
    const at = (nowMs: number, uptimeMs: number) =>
      stableBootTime({ nowMs, uptimeTicks: ticks(uptimeMs), previous, toleranceMs: 5_000 });
    expect(at(NOW, 3 * DAY_MS - 4_000)).toBe(previous);
    expect(at(NOW, 3 * DAY_MS + 4_000)).toBe(previous);
    // 90 days later the device clock ran 60 s slow (7 ppm): still the same boot.
    expect(at(NOW + 90 * DAY_MS, 93 * DAY_MS - 60_000)).toBe(previous);
  });

  it('moves on a reboot, even a quick one', () => {
    const previous = '2026-11-19T10:00:00Z';
    expect(stableBootTime({ nowMs: NOW, uptimeTicks: ticks(30_000), previous, toleranceMs: 5_000 })).toBe(
      '2026-11-22T09:59:30Z',
    );
    expect(
      stableBootTime({
        nowMs: NOW,
        uptimeTicks: ticks(90_000),
        previous: '2026-11-22T09:59:30Z',
        toleranceMs: 5_000,
      }),
    ).toBe('2026-11-22T09:58:30Z');
  });

  it('does not take a sysUpTime wrap after 497 days for a reboot', () => {
    const previous = new Date(NOW - UPTIME_WRAP_MS - 10 * DAY_MS).toISOString().replace('.000Z', 'Z');
    // The counter wrapped 10 days ago: it now reads 10 days, and the device never rebooted.
    expect(
      stableBootTime({ nowMs: NOW, uptimeTicks: ticks(10 * DAY_MS), previous, toleranceMs: 5_000 }),
    ).toBe(previous);
  });

  it('ignores a previous value that is not a time', () => {
    expect(stableBootTime({ nowMs: NOW, uptimeTicks: 0, previous: 42, toleranceMs: 5_000 })).toBe(
      '2026-11-22T10:00:00Z',
    );
  });
});
