import type { AssetSnapshot } from '@plantwatch/protocol';
import { createLogger } from '@plantwatch/shared';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../collectors/registry.ts';
import { agentConfigSchema } from '../config/agent-config.ts';
import { createScheduler, type Scheduler, type SkipReason } from './scheduler.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const simulators: ModbusSimulator[] = [];
let scheduler: Scheduler | undefined;

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await Promise.all(simulators.splice(0).map((s) => s.close()));
});

async function simulator(options = plcProfile('press', 1).options): Promise<ModbusSimulator> {
  const sim = await startModbusSimulator(options);
  simulators.push(sim);
  return sim;
}

function config(targets: object[], polling: object = {}) {
  return agentConfigSchema.parse({
    siteId: 's',
    agentId: 'a',
    mqtt: { url: 'mqtt://127.0.0.1:9' },
    polling,
    targets,
  });
}

const target = (id: string, sim: ModbusSimulator, extra: object = {}) => ({
  id,
  protocol: 'modbus',
  host: sim.host,
  port: sim.port,
  pollIntervalMs: 1_000,
  timeoutMs: 300,
  retries: 0,
  blocks: [{ name: 'setpoints', class: 'config', table: 'holding', address: 100, count: 4 }],
  ...extra,
});

/** Runs a scheduler and resolves with the first `count` events it reports. */
function run(cfg: ReturnType<typeof config>) {
  const snapshots: { target: TargetConfig; snapshot: AssetSnapshot; at: number }[] = [];
  const skips: { target: TargetConfig; reason: SkipReason; until: Date; at: number }[] = [];
  const waiters: (() => void)[] = [];
  const notify = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  scheduler = createScheduler({
    targets: cfg.targets,
    polling: cfg.polling,
    logger,
    onSnapshot: (t, snapshot) => {
      snapshots.push({ target: t, snapshot, at: Date.now() });
      notify();
    },
    onSkip: (t, reason, until) => {
      skips.push({ target: t, reason, until, at: Date.now() });
      notify();
    },
  });
  scheduler.start();
  const until = async (condition: () => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the scheduler');
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
  };
  return { snapshots, skips, until };
}

describe('polite polling, checked on the wire', () => {
  it('sends one request at a time to a device shared by two unit ids, keeping the minimum gap', async () => {
    const gateway = await simulator({
      units: { 1: plcProfile('press', 1).options, 2: plcProfile('boiler', 2).options },
    });
    const { snapshots, until } = run(
      config([
        target('unit-1', gateway, { unitId: 1, minRequestGapMs: 40 }),
        target('unit-2', gateway, { unitId: 2, minRequestGapMs: 40 }),
      ]),
    );
    await until(() => snapshots.length >= 4);
    expect(snapshots.every((s) => s.snapshot.poll.ok)).toBe(true);
    const times = gateway.requests.map((r) => r.at);
    const gaps = times
      .slice(1)
      .map((t, i) => t - (times[i] as number))
      .sort((a, b) => a - b);
    // Paced at 40 ms; unpaced, these requests would be about 1 ms apart. Arrival times carry the
    // loopback and event-loop jitter of a loaded machine, so allow some, never a burst.
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(39);
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(new Set(gateway.requests.map((r) => r.unitId))).toEqual(new Set([1, 2]));
    // Two devices behind one address: each unit's own data came back.
    const setpoint = (id: string) => snapshots.find((s) => s.target.id === id)?.snapshot.values[0]?.value;
    expect(setpoint('unit-1')).toBe(plcProfile('press', 1).options.holdingRegisters?.[100]);
    expect(setpoint('unit-2')).toBe(plcProfile('boiler', 2).options.holdingRegisters?.[100]);
  });

  it('never runs more polls at once than maxConcurrentPolls, across devices', async () => {
    const slow = { kind: 'slow' as const, delayMs: 150 };
    const a = await simulator();
    const b = await simulator();
    a.injectFault(slow);
    b.injectFault(slow);
    const { snapshots, until } = run(
      config([target('a', a, { timeoutMs: 1_000 }), target('b', b, { timeoutMs: 1_000 })], {
        maxConcurrentPolls: 1,
      }),
    );
    await until(() => snapshots.length >= 2);
    const windows = snapshots.map(({ snapshot }) => {
      const start = Date.parse(snapshot.poll.startedAt);
      return [start, start + snapshot.poll.durationMs] as const;
    });
    const [first, second] = windows.sort((x, y) => x[0] - y[0]);
    expect(second?.[0]).toBeGreaterThanOrEqual((first?.[1] ?? 0) - 2);
  });

  it('retries a failed poll once after a backoff and reports only the outcome', async () => {
    const plc = await simulator();
    plc.injectFault({ kind: 'timeout' }, { times: 1 });
    const { snapshots, until } = run(config([target('p', plc, { retries: 1 })], { retryBackoffMs: 100 }));
    await until(() => snapshots.length >= 1);
    expect(snapshots[0]?.snapshot.poll.ok).toBe(true);
    const [lost, retried] = plc.requests;
    expect(retried?.functionCode).toBe(lost?.functionCode);
    // 300 ms timeout, then at least 50 % of the 100 ms backoff.
    expect((retried?.at ?? 0) - (lost?.at ?? 0)).toBeGreaterThanOrEqual(340);
  });

  it('leaves a failing device alone after the breaker threshold, then tries once more', async () => {
    const plc = await simulator();
    plc.injectFault({ kind: 'timeout' });
    const { snapshots, skips, until } = run(
      config([target('p', plc, { timeoutMs: 200 })], { breakerThreshold: 2, breakerCooldownMs: 2_500 }),
    );
    await until(() => skips.length >= 1);
    const skip = skips[0];
    expect(skip?.reason).toBe('circuit_open');
    expect(snapshots.filter((s) => !s.snapshot.poll.ok)).toHaveLength(2);
    const requestsWhenOpened = plc.requests.length;
    await until(() => snapshots.length >= 3);
    // Nothing went to the device while the breaker was open; the trial came after the cooldown.
    const during = plc.requests.filter(
      (r) => r.at > (skip?.at ?? 0) && r.at < (skip?.until.getTime() ?? 0) - 5,
    );
    expect(during).toEqual([]);
    expect(plc.requests.length).toBeGreaterThan(requestsWhenOpened);
    expect(snapshots[2]?.at).toBeGreaterThanOrEqual((skip?.until.getTime() ?? 0) - 5);
  });

  it('keeps polling healthy devices while another one fails', async () => {
    const healthy = await simulator();
    const dead = await simulator();
    dead.injectFault({ kind: 'timeout' });
    const { snapshots, until } = run(
      config([target('dead', dead, { timeoutMs: 400 }), target('healthy', healthy)], {
        maxConcurrentPolls: 1,
      }),
    );
    await until(() => snapshots.filter((s) => s.target.id === 'healthy').length >= 3);
    const outcomes = (id: string) =>
      snapshots.filter((s) => s.target.id === id).map((s) => s.snapshot.poll.ok);
    expect(outcomes('healthy').every(Boolean)).toBe(true);
    expect(outcomes('dead').length).toBeGreaterThanOrEqual(2);
    expect(outcomes('dead').some(Boolean)).toBe(false);
  });

  it('does not poll at all inside quiet hours', async () => {
    const plc = await simulator();
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const now = Date.now();
    const window = {
      start: hhmm(new Date(now - 60_000)),
      end: hhmm(new Date(now + 120_000)),
      timeZone: 'UTC',
    };
    const { skips, until } = run(config([target('p', plc)], { quietHours: [window] }));
    await until(() => skips.length >= 1);
    expect(skips[0]?.reason).toBe('quiet_hours');
    expect(skips[0]?.until.getTime()).toBeGreaterThan(now);
    expect(plc.requests).toEqual([]);
  });
});
