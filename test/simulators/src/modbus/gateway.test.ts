import { afterEach, describe, expect, it } from 'vitest';
import { plcProfile } from './plc-profile.ts';
import { startModbusSimulator } from './simulator.ts';
import { closeClient, connectClient, type ModbusClient, rejectionOf } from './test-client.ts';
import type { ModbusSimulator } from './types.ts';

let gateway: ModbusSimulator | undefined;
let client: ModbusClient | undefined;
afterEach(async () => {
  if (client) await closeClient(client);
  await gateway?.close();
  client = undefined;
  gateway = undefined;
});

describe('a Modbus gateway with several devices behind it', () => {
  const press = plcProfile('press', 1).options;
  const mixer = plcProfile('mixer', 2).options;

  it('answers each unit id from its own device, and the others not at all', async () => {
    gateway = await startModbusSimulator({ units: { 1: press, 2: mixer } });
    client = await connectClient({ host: gateway.host, port: gateway.port, unitId: 1 }, 300);
    expect((await client.readHoldingRegisters(100, 2)).data).toEqual([
      press.holdingRegisters?.[100],
      press.holdingRegisters?.[101],
    ]);
    const pressId = await client.readDeviceIdentification(1, 0);
    client.setID(2);
    expect((await client.readHoldingRegisters(100, 2)).data).toEqual([
      mixer.holdingRegisters?.[100],
      mixer.holdingRegisters?.[101],
    ]);
    const mixerId = await client.readDeviceIdentification(1, 0);
    expect((pressId.data as unknown as Record<number, string>)[0x05]).toBe(press.identification?.[0x05]);
    expect((mixerId.data as unknown as Record<number, string>)[0x05]).toBe(mixer.identification?.[0x05]);
    client.setID(3);
    expect((await rejectionOf(client.readHoldingRegisters(100, 1))).message).toMatch(/timed out/i);
    expect(gateway.requests.map((r) => r.unitId)).toEqual([1, 1, 2, 2, 3]);
  });

  it('changes one unit without touching the other', async () => {
    gateway = await startModbusSimulator({ units: { 1: press, 2: mixer } });
    gateway.unit(2).setHoldingRegister(100, 4242);
    client = await connectClient({ host: gateway.host, port: gateway.port, unitId: 2 }, 300);
    expect((await client.readHoldingRegisters(100, 1)).data).toEqual([4242]);
    client.setID(1);
    expect((await client.readHoldingRegisters(100, 1)).data).toEqual([press.holdingRegisters?.[100]]);
    expect(() => gateway?.unit(9)).toThrow('no unit 9');
  });
});
