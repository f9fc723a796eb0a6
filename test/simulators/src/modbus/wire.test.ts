import { afterEach, describe, expect, it } from 'vitest';
import { startModbusSimulator } from './simulator.ts';
import {
  closeClient,
  connectClient,
  connectRaw,
  type ModbusClient,
  type RawConnection,
  rejectionOf,
  requestFrame,
} from './test-client.ts';
import type { ModbusSimulator, ModbusSimulatorOptions } from './types.ts';

const cleanups: Array<() => Promise<void> | void> = [];

async function start(options: ModbusSimulatorOptions = {}): Promise<ModbusSimulator> {
  const simulator = await startModbusSimulator(options);
  cleanups.push(() => simulator.close());
  return simulator;
}

async function clientFor(simulator: ModbusSimulator, timeoutMs?: number): Promise<ModbusClient> {
  const client = await connectClient(simulator, timeoutMs);
  cleanups.push(() => closeClient(client));
  return client;
}

async function rawFor(simulator: ModbusSimulator): Promise<RawConnection> {
  const raw = await connectRaw(simulator);
  cleanups.push(() => raw.close());
  return raw;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('writes', () => {
  it('records every write, refuses it with illegal function and leaves the device unchanged', async () => {
    const simulator = await start({ holdingRegisters: { 10: 5 }, coils: { 3: false } });
    const client = await clientFor(simulator);

    const attempts = [
      client.writeRegister(10, 99),
      client.writeRegisters(10, [1, 2, 3]),
      client.writeCoil(3, true),
      client.writeCoils(3, [true, true]),
      client.maskWriteRegister(10, 0x00ff, 0x0100),
      client.customFunction(23, [0, 10, 0, 1, 0, 10, 0, 1, 2, 0, 42]),
    ];
    for (const attempt of attempts) expect((await rejectionOf(attempt)).modbusCode).toBe(1);

    expect(simulator.writeRequests().map(({ at: _, ...rest }) => rest)).toEqual([
      { unitId: 1, functionCode: 6, address: 10 },
      { unitId: 1, functionCode: 16, address: 10, quantity: 3 },
      { unitId: 1, functionCode: 5, address: 3 },
      { unitId: 1, functionCode: 15, address: 3, quantity: 2 },
      { unitId: 1, functionCode: 22 },
      { unitId: 1, functionCode: 23 },
    ]);
    expect((await client.readHoldingRegisters(10, 1)).data).toEqual([5]);
    expect((await client.readCoils(3, 1)).data[0]).toBe(false);
    expect(simulator.writeRequests()).toHaveLength(6);
  });

  it('counts an FC 43 request with another MEI type as a non-read', async () => {
    const simulator = await start({ identification: { 0: 'Vendor', 1: 'Code', 2: 'V1.0' } });
    const raw = await rawFor(simulator);
    raw.socket.write(requestFrame(1, 1, [43, 13, 0]));
    const [reply] = await raw.nextFrames(1);
    expect([...(reply ?? [])].slice(7)).toEqual([43 | 0x80, 1]);
    expect(simulator.writeRequests()).toMatchObject([{ functionCode: 43, meiType: 13 }]);
  });
});

describe('unit ids', () => {
  it('records a request for another unit id and, like ServerTCP, leaves it unanswered', async () => {
    const simulator = await start({ unitId: 1, holdingRegisters: { 0: 42 } });
    const client = await clientFor(simulator, 300);

    client.setID(2);
    expect((await rejectionOf(client.readHoldingRegisters(0, 1))).errno).toBe('ETIMEDOUT');
    client.setID(0);
    expect((await rejectionOf(client.readHoldingRegisters(0, 1))).errno).toBe('ETIMEDOUT');
    client.setID(1);
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([42]);

    expect(simulator.requests.map((request) => request.unitId)).toEqual([2, 0, 1]);
  });

  it.each([0, 255])('answers every unit id when configured with unit id %i', async (unitId) => {
    const simulator = await start({ unitId, holdingRegisters: { 0: 42 } });
    const client = await clientFor(simulator, 300);
    for (const requested of [1, 17, 247]) {
      client.setID(requested);
      expect((await client.readHoldingRegisters(0, 1)).data).toEqual([42]);
    }
  });
});

describe('framing on the socket', () => {
  it('answers and records two requests sent back to back in one TCP write', async () => {
    const simulator = await start({ holdingRegisters: { 0: 0x1234, 1: 0x5678 } });
    const raw = await rawFor(simulator);

    raw.socket.write(
      Buffer.concat([requestFrame(0x0101, 1, [3, 0, 0, 0, 1]), requestFrame(0x0102, 1, [3, 0, 1, 0, 1])]),
    );
    const replies = await raw.nextFrames(2);

    expect(replies.map((reply) => reply.toString('hex')).sort()).toEqual([
      '010100000005010302' + '1234',
      '010200000005010302' + '5678',
    ]);
    expect(simulator.requests).toMatchObject([
      { functionCode: 3, address: 0, quantity: 1 },
      { functionCode: 3, address: 1, quantity: 1 },
    ]);
  });

  it('reassembles a request that arrives in several TCP writes', async () => {
    const simulator = await start({ inputRegisters: { 9: 99 } });
    const raw = await rawFor(simulator);
    const frame = requestFrame(7, 1, [4, 0, 9, 0, 1]);

    // Each write is sent once the previous one has been flushed; TCP may still merge them, and the
    // frame reader's own tests cover every split position deterministically.
    for (const piece of [frame.subarray(0, 3), frame.subarray(3, 8), frame.subarray(8)]) {
      await new Promise<void>((resolve, reject) =>
        raw.socket.write(piece, (error) => (error ? reject(error) : resolve())),
      );
    }
    const [reply] = await raw.nextFrames(1);

    expect(reply?.toString('hex')).toBe('000700000005010402' + '0063');
    expect(simulator.requests).toMatchObject([{ functionCode: 4, address: 9, quantity: 1 }]);
  });

  it('hangs up on a length field no Modbus frame can have', async () => {
    const simulator = await start();
    const raw = await rawFor(simulator);
    const closed = new Promise((resolve) => raw.socket.once('close', resolve));
    raw.socket.write(Buffer.from([0, 1, 0, 0, 0xff, 0xff, 1, 3]));
    await closed;
    expect(simulator.requests).toEqual([]);
  });
});
