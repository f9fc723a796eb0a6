import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startModbusSimulator } from './simulator.ts';
import { closeClient, connectClient, type ModbusClient, rejectionOf } from './test-client.ts';
import type { ModbusSimulator } from './types.ts';

const cleanups: Array<() => Promise<void>> = [];

async function setup(timeoutMs = 1000): Promise<{ simulator: ModbusSimulator; client: ModbusClient }> {
  const simulator = await startModbusSimulator({ holdingRegisters: { 0: 42 } });
  cleanups.push(() => simulator.close());
  const client = await connectClient(simulator, timeoutMs);
  cleanups.push(() => closeClient(client));
  return { simulator, client };
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('injected faults', () => {
  it('timeout: records the request and never replies, so the client times out', async () => {
    const { simulator, client } = await setup(300);
    simulator.injectFault({ kind: 'timeout' }, { times: 1 });

    const error = await rejectionOf(client.readHoldingRegisters(0, 1));
    expect(error.errno).toBe('ETIMEDOUT');
    expect(simulator.requests).toHaveLength(1);

    // `times` used up: the device answers again on the same connection.
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([42]);
  });

  it('exception: replies with server device failure by default, or the code asked for', async () => {
    const { simulator, client } = await setup();
    simulator.injectFault({ kind: 'exception' });
    expect((await rejectionOf(client.readHoldingRegisters(0, 1))).modbusCode).toBe(4);
    expect((await rejectionOf(client.readInputRegisters(0, 1))).modbusCode).toBe(4);

    simulator.injectFault({ kind: 'exception', code: 6 });
    expect((await rejectionOf(client.readCoils(0, 1))).modbusCode).toBe(6);

    simulator.clearFault();
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([42]);
  });

  it('slow: replies correctly, but only after the delay', async () => {
    const { simulator, client } = await setup();
    simulator.injectFault({ kind: 'slow', delayMs: 200 });

    const started = performance.now();
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([42]);
    // Timers may fire a fraction of a millisecond early relative to performance.now().
    expect(performance.now() - started).toBeGreaterThanOrEqual(199);
  });

  it('slow beyond the client timeout looks like a timeout to the client', async () => {
    const { simulator, client } = await setup(100);
    simulator.injectFault({ kind: 'slow', delayMs: 400 }, { times: 1 });
    expect((await rejectionOf(client.readHoldingRegisters(0, 1))).errno).toBe('ETIMEDOUT');
  });

  it('hits exactly `times` requests', async () => {
    const { simulator, client } = await setup();
    simulator.injectFault({ kind: 'exception', code: 2 }, { times: 2 });

    const outcomes: Array<number | string> = [];
    for (let index = 0; index < 3; index += 1) {
      try {
        outcomes.push((await client.readHoldingRegisters(0, 1)).data[0] ?? 'no data');
      } catch (error) {
        outcomes.push(`exception ${(error as { modbusCode?: number }).modbusCode}`);
      }
    }
    expect(outcomes).toEqual(['exception 2', 'exception 2', 42]);
  });

  it('close() cancels a reply still waiting behind a slow fault instead of waiting for it', async () => {
    const { simulator, client } = await setup(300);
    simulator.injectFault({ kind: 'slow', delayMs: 60_000 });
    const received = simulator.waitForRequests(1);
    const read = rejectionOf(client.readHoldingRegisters(0, 1));
    await received;

    await simulator.close();
    expect(simulator.connectionCount()).toBe(0);
    // modbus-serial's client does not fail a pending request when the connection drops: it times out.
    expect((await read).errno).toBe('ETIMEDOUT');
  });

  it('refuses faults it cannot apply', async () => {
    const { simulator } = await setup();
    expect(() => simulator.injectFault({ kind: 'exception', code: 0 })).toThrow(RangeError);
    expect(() => simulator.injectFault({ kind: 'slow', delayMs: -1 })).toThrow(RangeError);
    expect(() => simulator.injectFault({ kind: 'timeout' }, { times: 0 })).toThrow(RangeError);
  });
});
