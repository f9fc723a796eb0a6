import { createLogger } from '@plantwatch/shared';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import { createDevicePacer, createRequestGate } from '../../poller/request-gate.ts';
import { loadSampleTarget } from '../registry.ts';
import { modbusCollector } from './collector.ts';
import { type ModbusTargetConfig, modbusTargetSchema } from './config.ts';
import { connectModbusReader, READ_FUNCTIONS } from './read-only-client.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const signal = new AbortController().signal;
/** A fresh gate per call: no pacing, records the transcript. */
const context = () => {
  const gate = createRequestGate({ deviceKey: 'sim', minGapMs: 0, pacer: createDevicePacer(), signal });
  return { logger, signal, gate, previous: undefined };
};
const READ_CODES = new Set([1, 2, 3, 4, 43]);
let simulator: ModbusSimulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function sampleTarget(
  sim: ModbusSimulator,
  overrides: Partial<ModbusTargetConfig> = {},
): Promise<ModbusTargetConfig> {
  const sample = await loadSampleTarget('modbus');
  return modbusTargetSchema.parse({
    ...sample,
    host: sim.host,
    port: sim.port,
    timeoutMs: 500,
    ...overrides,
  });
}

describe('modbus collector against the simulator', () => {
  it('reads identity, config and volatile values with the shipped sample config, and only reads', async () => {
    const profile = plcProfile('press', 7);
    simulator = await startModbusSimulator(profile.options);
    const ctx = context();
    const reading = await modbusCollector.collect(await sampleTarget(simulator), ctx);

    const ident = profile.options.identification ?? {};
    expect(reading.identity).toMatchObject({
      vendor: ident[0],
      productCode: ident[1],
      revision: ident[2],
      model: ident[5],
    });
    expect(reading.identity.serial).toMatch(/^[A-Z]{3}-\d{4}-\d{7}$/);
    expect(reading.identity.firmware).toBe(
      `${profile.options.holdingRegisters?.[210]}.${profile.options.holdingRegisters?.[211]}`,
    );
    const setpoint3 = reading.values.find((v) => v.path === 'setpoints[3]');
    expect(setpoint3).toEqual({
      path: 'setpoints[3]',
      class: 'config',
      value: profile.options.holdingRegisters?.[103],
    });
    expect(reading.values.filter((v) => v.class === 'volatile')).toHaveLength(10);
    expect(reading.values.find((v) => v.path === 'program_checksum')?.class).toBe('config');

    expect(ctx.gate.requests).toEqual([
      'modbus unit 1 FC 43/14 read device identification code 1 object 0',
      'modbus unit 1 FC 3 read holding 100 x10',
      'modbus unit 1 FC 3 read holding 200 x8',
      'modbus unit 1 FC 3 read holding 210 x2',
      'modbus unit 1 FC 3 read holding 220 x2',
      'modbus unit 1 FC 4 read input 0 x10',
    ]);
    expect(simulator.requests.map((r) => [r.functionCode, r.address ?? r.objectId, r.quantity])).toEqual([
      [43, 0, undefined],
      [3, 100, 10],
      [3, 200, 8],
      [3, 210, 2],
      [3, 220, 2],
      [4, 0, 10],
    ]);
    expect(simulator.requests.map((r) => r.functionCode)).toEqual([43, 3, 3, 3, 3, 4]);
    expect(simulator.writeRequests()).toEqual([]);
  });

  it('goes on without identity when the device does not implement FC 43', async () => {
    const { identification: _omitted, ...options } = plcProfile('mixer', 1).options;
    simulator = await startModbusSimulator(options);
    const reading = await modbusCollector.collect(await sampleTarget(simulator), context());
    expect(reading.identity.vendor).toBeUndefined();
    expect(reading.identity.serial).toBeDefined();
    expect(reading.values.length).toBeGreaterThan(10);
  });

  it('splits a large block into requests of at most 125 registers', async () => {
    simulator = await startModbusSimulator({ holdingRegisters: { 0: 1, 299: 7 } });
    const target = await sampleTarget(simulator, {
      identification: false,
      blocks: [
        {
          name: 'big',
          class: 'config',
          table: 'holding',
          address: 0,
          count: 150,
          type: 'u32',
          wordOrder: 'big',
        },
      ],
    });
    const reading = await modbusCollector.collect(target, context());
    expect(simulator.requests.map((r) => [r.address, r.quantity])).toEqual([
      [0, 124],
      [124, 124],
      [248, 52],
    ]);
    expect(reading.values).toHaveLength(150);
    expect(reading.values[0]?.value).toBe(0x00010000);
    expect(reading.values[149]?.value).toBe(7);
    expect(modbusCollector.plan(target)).toHaveLength(3);
  });

  it('fails the poll with a timeout when the device stops answering', async () => {
    simulator = await startModbusSimulator(plcProfile('press', 1).options);
    simulator.injectFault({ kind: 'timeout' });
    const target = await sampleTarget(simulator, { timeoutMs: 200 });
    await expect(modbusCollector.collect(target, context())).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(
      [...new Set(simulator.requests.map((r) => r.functionCode))].every((fc) => READ_CODES.has(fc)),
    ).toBe(true);
  });

  it('reports a Modbus exception reply as a device error with its code', async () => {
    simulator = await startModbusSimulator(plcProfile('press', 1).options);
    const target = await sampleTarget(simulator, { identification: false });
    simulator.injectFault({ kind: 'exception', code: 4 });
    await expect(modbusCollector.collect(target, context())).rejects.toMatchObject({
      code: 'device_error',
      details: { modbusCode: 4 },
    });
  });

  it('cannot connect to a closed port and says where it tried', async () => {
    simulator = await startModbusSimulator({});
    const { port } = simulator;
    await simulator.close();
    const target = await sampleTarget({ host: '127.0.0.1', port } as ModbusSimulator);
    await expect(modbusCollector.collect(target, context())).rejects.toThrow(
      `cannot connect to 127.0.0.1:${port}`,
    );
  });
});

describe('the read-only client facade', () => {
  it('exposes reads and nothing else, and cannot be extended', async () => {
    simulator = await startModbusSimulator({});
    const reader = await connectModbusReader({
      host: simulator.host,
      port: simulator.port,
      unitId: 1,
      timeoutMs: 500,
      gate: context().gate,
    });
    try {
      const functions = Object.keys(reader).filter(
        (key) => typeof (reader as unknown as Record<string, unknown>)[key] === 'function',
      );
      expect(functions.sort()).toEqual([...READ_FUNCTIONS, 'close'].sort());
      expect(Object.isFrozen(reader)).toBe(true);
      expect(() => {
        (reader as unknown as Record<string, unknown>).writeRegister = () => {};
      }).toThrow(TypeError);
    } finally {
      await reader.close();
    }
  });

  it('refuses a request the Modbus spec does not allow before sending a byte', async () => {
    simulator = await startModbusSimulator({});
    const reader = await connectModbusReader({
      host: simulator.host,
      port: simulator.port,
      unitId: 1,
      timeoutMs: 500,
      gate: context().gate,
    });
    try {
      await expect(reader.readHoldingRegisters(0, 126)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(reader.readCoils(65_535, 2)).rejects.toMatchObject({ code: 'invalid_argument' });
      expect(simulator.requests).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});
