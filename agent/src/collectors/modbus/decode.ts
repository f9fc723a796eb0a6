import { sanitizeDeviceString } from '@plantwatch/protocol';
import type { RegisterType } from './config.ts';

/**
 * Turns raw 16-bit registers into values. Pure functions, so every data type and word order is
 * tested without a device. Strings are two ASCII characters per register, high byte first (the
 * common PLC layout), and are cleaned like every device string before anyone sees them.
 */
export function decodeRegisters(
  registers: readonly number[],
  type: RegisterType,
  count: number,
  wordOrder: 'big' | 'little',
): (number | string | boolean)[] {
  if (type === 'string') return [decodeString(registers)];
  if (type === 'bits') {
    // Status and configuration words: bit 0 (least significant) first, 16 flags per register.
    return Array.from(
      { length: count * 16 },
      (_, bit) => ((register(registers, bit >> 4) >> (bit & 15)) & 1) === 1,
    );
  }
  const values: (number | string)[] = [];
  const width = type === 'u16' || type === 'i16' ? 1 : 2;
  for (let index = 0; index < count; index += 1) {
    const at = index * width;
    if (width === 1) {
      const word = register(registers, at);
      values.push(type === 'i16' ? (word << 16) >> 16 : word);
      continue;
    }
    const first = register(registers, at);
    const second = register(registers, at + 1);
    const [high, low] = wordOrder === 'big' ? [first, second] : [second, first];
    const buffer = Buffer.alloc(4);
    buffer.writeUInt16BE(high, 0);
    buffer.writeUInt16BE(low, 2);
    if (type === 'u32') values.push(buffer.readUInt32BE(0));
    else if (type === 'i32') values.push(buffer.readInt32BE(0));
    else values.push(decodeFloat(buffer.readFloatBE(0)));
  }
  return values;
}

function register(registers: readonly number[], index: number): number {
  const value = registers[index];
  if (value === undefined)
    throw new RangeError(`device returned ${registers.length} registers, needed at least ${index + 1}`);
  return value & 0xffff;
}

/**
 * The shortest decimal that reads back as the same 32-bit float (0.1, not 0.10000000149011612), so
 * two different floats never print alike and drift is never hidden by rounding. A register pair can
 * also hold NaN or Infinity, which JSON cannot carry: those are reported as text.
 */
function decodeFloat(value: number): number | string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  for (let digits = 1; digits < 9; digits += 1) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return shorter;
  }
  return value;
}

export function decodeString(registers: readonly number[]): string {
  const bytes = Buffer.alloc(registers.length * 2);
  for (const [index, word] of registers.entries()) bytes.writeUInt16BE(word & 0xffff, index * 2);
  // latin1 maps every byte to one character; control bytes are dropped by the sanitizer.
  return sanitizeDeviceString(bytes.toString('latin1'));
}
