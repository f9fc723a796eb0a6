import { afterEach, describe, expect, it } from 'vitest';
import { PLC_KINDS, type PlcKind } from './plc-catalog.ts';
import { plcProfile } from './plc-profile.ts';
import { startModbusSimulator } from './simulator.ts';
import { closeClient, connectClient } from './test-client.ts';

const KINDS = Object.keys(PLC_KINDS) as PlcKind[];
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function registersToString(words: number[]): string {
  const bytes = Buffer.alloc(words.length * 2);
  for (const [index, word] of words.entries()) bytes.writeUInt16BE(word, index * 2);
  return bytes.toString('latin1').replace(/\0+$/, '');
}

describe('plcProfile', () => {
  it('is deterministic from kind and seed', () => {
    expect(plcProfile('press', 7)).toEqual(plcProfile('press', 7));
    expect(plcProfile('press', 7)).not.toEqual(plcProfile('press', 8));
    expect(plcProfile('press', 7).options.holdingRegisters).not.toEqual(
      plcProfile('mixer', 7).options.holdingRegisters,
    );
    expect(plcProfile('boiler', 3).name).toBe('boiler-3');
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => plcProfile('press', 1.5)).toThrow(RangeError);
  });

  it.each(KINDS)('serves the documented layout for a %s over the wire', async (kind) => {
    const spec = PLC_KINDS[kind];
    const profile = plcProfile(kind, 42);
    const simulator = await startModbusSimulator(profile.options);
    cleanups.push(() => simulator.close());
    const client = await connectClient(simulator);
    cleanups.push(() => closeClient(client));

    const identification = (await client.readDeviceIdentification(1, 0)).data as unknown as Record<
      number,
      string
    >;
    const setpoints = (await client.readHoldingRegisters(100, 10)).data;
    const serial = registersToString((await client.readHoldingRegisters(200, 8)).data);
    const [major, minor] = (await client.readHoldingRegisters(210, 2)).data;
    const checksum = (await client.readHoldingRegisters(220, 2)).buffer.readUInt32BE(0);
    const processValues = (await client.readInputRegisters(0, 10)).data;

    expect(identification).toEqual({
      0: spec.vendorName,
      1: spec.productCode,
      2: `V${major}.${minor}`,
      4: spec.productName,
      5: spec.modelName,
      6: expect.stringMatching(new RegExp(`^${kind.toUpperCase()}_LINE_[1-9]$`)),
    });
    setpoints.forEach((value, index) => {
      const [, min, max] = spec.setpoints[index] ?? ['', 0, 0];
      expect(value).toBeGreaterThanOrEqual(min);
      expect(value).toBeLessThanOrEqual(max);
    });
    expect(serial).toMatch(new RegExp(`^${spec.serialPrefix}-20[12]\\d-\\d{7}$`));
    expect(serial).toHaveLength(16);
    expect(major).toBeGreaterThanOrEqual(1);
    expect(minor).toBeGreaterThanOrEqual(0);
    expect(checksum).toBe(
      (profile.options.holdingRegisters?.[220] ?? 0) * 0x10000 +
        (profile.options.holdingRegisters?.[221] ?? 0),
    );
    processValues.forEach((value, index) => {
      const [, min, max] = spec.processValues[index] ?? ['', 0, 0];
      expect(value).toBeGreaterThanOrEqual(min);
      expect(value).toBeLessThanOrEqual(max);
    });
  });

  it('gives different devices different serials and checksums', () => {
    const serials = new Set<string>();
    const checksums = new Set<string>();
    for (let seed = 0; seed < 20; seed += 1) {
      const holding = plcProfile('conveyor', seed).options.holdingRegisters ?? {};
      serials.add([200, 201, 202, 203, 204, 205, 206, 207].map((address) => holding[address]).join(','));
      checksums.add(`${holding[220]},${holding[221]}`);
    }
    expect(serials.size).toBe(20);
    expect(checksums.size).toBe(20);
  });
});
