import { PLC_KINDS, type PlcKind, type RangedValue } from './plc-catalog.ts';
import { registersAt, stringToRegisters, u32ToRegisters } from './registers.ts';
import type { ModbusSimulatorOptions } from './types.ts';

export interface PlcProfile {
  name: string;
  options: ModbusSimulatorOptions;
}

/**
 * A plausible PLC, deterministic from `seed` (an integer): the same kind and seed always give the same
 * device, different seeds give different serials, setpoints and checksums. Unit id 1.
 *
 * Identification (FC 43/14): 0x00 VendorName, 0x01 ProductCode, 0x02 MajorMinorRevision ("V<major>.<minor>",
 * matching holding 210-211), 0x04 ProductName, 0x05 ModelName, 0x06 UserApplicationName ("<KIND>_LINE_<n>").
 *
 * Holding registers (FC 3), all u16, big-endian words:
 * - 100-109: ten configuration setpoints, raw integers (names and units per kind in plc-catalog.ts)
 * - 200-207: serial number, 16 ASCII characters, 2 per register, high byte first ("PRS-2021-0123456")
 * - 210: firmware major, 211: firmware minor
 * - 220-221: program checksum, u32, high word at 220
 *
 * Input registers (FC 4): 0-9, process values. They are the volatile part: a demo or test changes
 * them with setInputRegister, and nothing configuration-like lives there.
 */
export function plcProfile(kind: PlcKind, seed: number): PlcProfile {
  const spec = PLC_KINDS[kind];
  if (!spec) throw new RangeError(`unknown PLC kind ${JSON.stringify(kind)}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const random = createRandom(seed, Object.keys(PLC_KINDS).indexOf(kind));

  const year = random.int(2015, 2024);
  const serialNumber = `${spec.serialPrefix}-${year}-${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
  const firmwareMajor = random.int(1, 4);
  const firmwareMinor = random.int(0, 19);
  const programChecksum = random.int(0, 0xffffffff);
  const line = random.int(1, 9);
  const setpoints = draw(random, spec.setpoints);
  const processValues = draw(random, spec.processValues);

  return {
    name: `${kind}-${seed}`,
    options: {
      unitId: 1,
      identification: {
        0: spec.vendorName,
        1: spec.productCode,
        2: `V${firmwareMajor}.${firmwareMinor}`,
        4: spec.productName,
        5: spec.modelName,
        6: `${kind.toUpperCase()}_LINE_${line}`,
      },
      holdingRegisters: {
        ...registersAt(100, setpoints),
        ...registersAt(200, stringToRegisters(serialNumber, 8)),
        ...registersAt(210, [firmwareMajor, firmwareMinor]),
        ...registersAt(220, u32ToRegisters(programChecksum)),
      },
      inputRegisters: registersAt(0, processValues),
    },
  };
}

function draw(random: Random, ranges: readonly RangedValue[]): number[] {
  return ranges.map(([, min, max]) => random.int(min, max));
}

interface Random {
  /** Inclusive on both ends. */
  int(min: number, max: number): number;
}

// mulberry32: tiny and good enough to make demo devices differ; Math.random would break determinism.
function createRandom(seed: number, stream: number): Random {
  let state =
    (Math.imul(seed | 0, 0x9e3779b1) ^ Math.floor(seed / 0x100000000) ^ (stream * 0x85ebca6b)) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
  return { int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}
