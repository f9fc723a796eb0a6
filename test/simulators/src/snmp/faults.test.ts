import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startSnmpSimulator } from './simulator.ts';
import { rejectionOf, type TestClient, testClient, text } from './test-client.ts';
import type { SnmpSimulator } from './types.ts';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const IF_TABLE = '1.3.6.1.2.1.2.2';
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(timeoutMs = 1000): Promise<{ simulator: SnmpSimulator; session: TestClient }> {
  const simulator = await startSnmpSimulator();
  cleanups.push(() => simulator.close());
  const session = testClient(simulator, undefined, timeoutMs);
  cleanups.push(() => session.close());
  return { simulator, session };
}

describe('injected faults', () => {
  it('timeout: records the request and never answers; `times` limits it', async () => {
    const { simulator, session } = await setup(200);
    simulator.injectFault({ kind: 'timeout' }, { times: 1 });
    expect((await rejectionOf(session.get([SYS_DESCR]))).name).toBe('RequestTimedOutError');
    expect(simulator.requests).toHaveLength(1);
    expect(text((await session.get([SYS_DESCR]))[0])).toContain('KX-2948G');
  });

  it('slow: answers correctly, but only after the delay', async () => {
    const { simulator, session } = await setup();
    simulator.injectFault({ kind: 'slow', delayMs: 150 });
    const started = performance.now();
    expect(text((await session.get([SYS_DESCR]))[0])).toContain('KX-2948G');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(() => simulator.injectFault({ kind: 'slow', delayMs: -1 })).toThrow(RangeError);
  });

  it('malformed: answers with bytes that are not SNMP; the client only sees a timeout and a session error', async () => {
    const { simulator, session } = await setup(200);
    simulator.injectFault({ kind: 'malformed' });
    expect((await rejectionOf(session.get([SYS_DESCR]))).name).toBe('RequestTimedOutError');
    expect(session.errors.length).toBeGreaterThan(0);
  });

  it('error: answers with genErr by default, or the error-status asked for', async () => {
    const { simulator, session } = await setup();
    simulator.injectFault({ kind: 'error' }, { times: 1 });
    expect((await rejectionOf(session.get([SYS_DESCR]))).message).toMatch(/GeneralError/);
    simulator.injectFault({ kind: 'error', status: 13 }, { times: 1 });
    expect((await rejectionOf(session.getBulk([IF_TABLE], 5))).message).toMatch(/ResourceUnavailable/);
  });

  it('oidPrefix: only requests starting in that subtree are hit, until cleared', async () => {
    const { simulator, session } = await setup(200);
    simulator.injectFault({ kind: 'timeout' }, { oidPrefix: IF_TABLE });
    expect(text((await session.get([SYS_DESCR]))[0])).toContain('KX-2948G');
    expect((await rejectionOf(session.getBulk([`${IF_TABLE}.1.2`], 5))).name).toBe('RequestTimedOutError');
    // A sibling that merely shares the prefix text (1.3.6.1.2.1.2.20) is not in the subtree.
    await session.getNext(['1.3.6.1.2.1.2.20']);
    simulator.clearFault();
    expect(await session.getBulk([`${IF_TABLE}.1.2`], 1)).toHaveLength(1);
  });

  it('hostile values: control characters, oversized strings and wrong types come back as set', async () => {
    const { simulator, session } = await setup();
    const hostile = Buffer.concat([Buffer.from('\u001b[31mevil\u0000'), Buffer.alloc(5_000, 0x41)]);
    simulator.setRaw(SYS_DESCR, 'OctetString', hostile);
    simulator.setRaw('1.3.6.1.2.1.31.1.1.1.18.1', 'Integer', 42);
    const [descr, alias] = await session.get([SYS_DESCR, '1.3.6.1.2.1.31.1.1.1.18.1']);
    expect(Buffer.compare(descr?.value as Buffer, hostile)).toBe(0);
    expect(alias?.value).toBe(42);
  });
});
