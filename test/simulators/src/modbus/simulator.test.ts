import { afterEach, describe, expect, it, vi } from 'vitest';
import { startModbusSimulator } from './simulator.ts';
import { closeClient, connectClient, type ModbusClient, rejectionOf } from './test-client.ts';
import type { ModbusSimulator, ModbusSimulatorOptions } from './types.ts';

const IDENTIFICATION = {
  0: 'Acme Controls',
  1: 'AC-100',
  2: 'V2.1',
  4: 'Acme Line Controller',
  5: 'LC-100',
  6: 'PACKING_LINE_2',
};

const cleanups: Array<() => Promise<void>> = [];

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

afterEach(async () => {
  // Clients first, so the server never has to cut a connection a test still uses.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('startModbusSimulator', () => {
  it('answers reads of every table from the map, with 0 and false for unmapped addresses', async () => {
    const simulator = await start({
      holdingRegisters: { 10: 111, 11: 222, 13: 444 },
      inputRegisters: { 0: 7 },
      coils: { 2: true },
      discreteInputs: { 0: true, 9: true },
    });
    const client = await clientFor(simulator);

    expect((await client.readHoldingRegisters(10, 4)).data).toEqual([111, 222, 0, 444]);
    expect((await client.readHoldingRegisters(13, 1)).data).toEqual([444]);
    expect((await client.readInputRegisters(0, 2)).data).toEqual([7, 0]);
    expect((await client.readCoils(0, 3)).data.slice(0, 3)).toEqual([false, false, true]);
    const discrete = (await client.readDiscreteInputs(0, 10)).data.slice(0, 10);
    expect(discrete.flatMap((bit, address) => (bit ? [address] : []))).toEqual([0, 9]);
    expect(simulator.port).not.toBe(502);
    expect(simulator.port).toBeGreaterThan(0);
  });

  it('records each read from the wire with its unit id, function code, address and quantity', async () => {
    const simulator = await start({ unitId: 7 });
    const client = await clientFor(simulator);
    const before = Date.now();

    await client.readHoldingRegisters(100, 10);
    await client.readInputRegisters(3, 2);
    await client.readCoils(5, 8);
    await client.readDiscreteInputs(1, 1);

    expect(simulator.requests.map(({ at: _, ...rest }) => rest)).toEqual([
      { unitId: 7, functionCode: 3, address: 100, quantity: 10 },
      { unitId: 7, functionCode: 4, address: 3, quantity: 2 },
      { unitId: 7, functionCode: 1, address: 5, quantity: 8 },
      { unitId: 7, functionCode: 2, address: 1, quantity: 1 },
    ]);
    expect(simulator.requests[0]?.at).toBeGreaterThanOrEqual(before);
    expect(simulator.writeRequests()).toEqual([]);
  });

  it('serves FC 43/14 device identification and records its fields', async () => {
    const simulator = await start({ identification: IDENTIFICATION });
    const client = await clientFor(simulator);

    // modbus-serial's client returns an object keyed by object id (its .d.ts says string[]), and
    // ServerTCP ignores the category: a basic request (code 1) gets the regular objects as well.
    const basic = await client.readDeviceIdentification(1, 0);
    expect(basic.data).toEqual({
      0: 'Acme Controls',
      1: 'AC-100',
      2: 'V2.1',
      4: 'Acme Line Controller',
      5: 'LC-100',
      6: 'PACKING_LINE_2',
    });
    const single = await client.readDeviceIdentification(4, 0x05);
    expect(single.data).toEqual({ 5: 'LC-100' });

    const [first, second] = simulator.requests;
    expect(first).toMatchObject({ functionCode: 43, meiType: 14, readDeviceIdCode: 1, objectId: 0 });
    expect(second).toMatchObject({ functionCode: 43, meiType: 14, readDeviceIdCode: 4, objectId: 5 });
    expect(simulator.writeRequests()).toEqual([]);
  });

  it('answers FC 43 with illegal function when the device has no identification, until some is set', async () => {
    const simulator = await start();
    const client = await clientFor(simulator);

    expect((await rejectionOf(client.readDeviceIdentification(1, 0))).modbusCode).toBe(1);

    simulator.setIdentification(0x00, 'Late Vendor');
    const reply = await client.readDeviceIdentification(4, 0x00);
    expect(reply.data).toEqual({ 0: 'Late Vendor' });
  });

  it('changes what the next read returns when a value is changed behind the agent', async () => {
    const simulator = await start({ holdingRegisters: { 100: 50 } });
    const client = await clientFor(simulator);
    expect((await client.readHoldingRegisters(100, 1)).data).toEqual([50]);

    simulator.setHoldingRegister(100, 75);
    simulator.setHoldingRegisters(101, [1, 2]);
    simulator.setInputRegister(4, 9);
    simulator.setCoil(0, true);
    simulator.setDiscreteInput(1, true);

    expect((await client.readHoldingRegisters(100, 3)).data).toEqual([75, 1, 2]);
    expect((await client.readInputRegisters(4, 1)).data).toEqual([9]);
    expect((await client.readCoils(0, 1)).data[0]).toBe(true);
    expect((await client.readDiscreteInputs(1, 1)).data[0]).toBe(true);
  });

  it('refuses invalid values without changing anything', async () => {
    const simulator = await start({ holdingRegisters: { 0: 1 } });
    expect(() => simulator.setHoldingRegister(0, 70_000)).toThrow(RangeError);
    expect(() => simulator.setHoldingRegisters(0, [2, -1])).toThrow(RangeError);
    expect(() => simulator.setIdentification(0x10, 'reserved id')).toThrow(RangeError);
    const client = await clientFor(simulator);
    expect((await client.readHoldingRegisters(0, 2)).data).toEqual([1, 0]);
    await expect(startModbusSimulator({ unitId: 300 })).rejects.toThrow(RangeError);
    await expect(startModbusSimulator({ inputRegisters: { 1: 1.5 } })).rejects.toThrow(RangeError);
  });

  it('waits for requests that arrive after the call, and times out otherwise', async () => {
    const simulator = await start();
    const client = await clientFor(simulator);
    await client.readHoldingRegisters(0, 1);

    const twoMore = simulator.waitForRequests(2);
    await client.readHoldingRegisters(0, 1);
    await client.readHoldingRegisters(1, 1);
    await expect(twoMore).resolves.toBeUndefined();

    simulator.clearRequests();
    expect(simulator.requests).toEqual([]);
    await expect(simulator.waitForRequests(1, 50)).rejects.toThrow('expected 1 more Modbus request');
  });

  it('runs next to another simulator on a different free port', async () => {
    const [first, second] = await Promise.all([
      start({ holdingRegisters: { 0: 1 } }),
      start({ holdingRegisters: { 0: 2 } }),
    ]);
    expect(first.port).not.toBe(second.port);
    const [firstClient, secondClient] = await Promise.all([clientFor(first), clientFor(second)]);

    expect((await firstClient.readHoldingRegisters(0, 1)).data).toEqual([1]);
    expect((await secondClient.readHoldingRegisters(0, 1)).data).toEqual([2]);
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(1);
  });

  it('counts open connections and closes idempotently, dropping clients and refusing new ones', async () => {
    const simulator = await startModbusSimulator();
    const client = await connectClient(simulator);
    await client.readHoldingRegisters(0, 1);
    expect(simulator.connectionCount()).toBe(1);

    await closeClient(client);
    await vi.waitFor(() => expect(simulator.connectionCount()).toBe(0));

    const other = await connectClient(simulator);
    const pending = expect(simulator.waitForRequests(1)).rejects.toThrow('closed');
    await Promise.all([simulator.close(), simulator.close()]);
    await pending;
    expect(simulator.connectionCount()).toBe(0);
    await vi.waitFor(() => expect(other.isOpen).toBe(false));
    await expect(connectClient(simulator)).rejects.toThrow();
  });
});
