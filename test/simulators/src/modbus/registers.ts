/**
 * Helpers for building register maps the way PLCs lay values out. "Word order" is the order of the
 * two 16-bit registers only; bytes inside a register are always big-endian, as Modbus sends them.
 * So 'big' is ABCD (high word first) and 'little' is CDAB.
 */
export type WordOrder = 'big' | 'little';

/** Two characters per register, high byte first, NUL padded; each character must fit in one byte. */
export function stringToRegisters(text: string, registerCount: number): number[] {
  if (!Number.isInteger(registerCount) || registerCount < 0) {
    throw new RangeError(`registerCount must be a non-negative integer, got ${registerCount}`);
  }
  if (text.length > registerCount * 2) {
    throw new RangeError(
      `"${text}" needs ${Math.ceil(text.length / 2)} registers, only ${registerCount} given`,
    );
  }
  const bytes = Buffer.alloc(registerCount * 2);
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code > 0xff)
      throw new RangeError(`character ${JSON.stringify(text[index])} does not fit in one byte`);
    bytes[index] = code;
  }
  return Array.from({ length: registerCount }, (_, index) => bytes.readUInt16BE(index * 2));
}

export function u32ToRegisters(value: number, wordOrder: WordOrder = 'big'): [number, number] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`u32 value must be an integer 0-4294967295, got ${value}`);
  }
  return ordered(Math.floor(value / 0x10000), value % 0x10000, wordOrder);
}

/** IEEE 754 single precision; values that are not exactly representable are rounded. */
export function f32ToRegisters(value: number, wordOrder: WordOrder = 'big'): [number, number] {
  const bytes = Buffer.alloc(4);
  bytes.writeFloatBE(value);
  return ordered(bytes.readUInt16BE(0), bytes.readUInt16BE(2), wordOrder);
}

/** {start: v0, start+1: v1, ...}, to spread into a register map next to other blocks. */
export function registersAt(start: number, values: number[]): Record<number, number> {
  if (!Number.isInteger(start) || start < 0 || start + values.length > 0x10000) {
    throw new RangeError(`${values.length} registers from ${start} do not fit in the 0-65535 address space`);
  }
  return Object.fromEntries(values.map((value, offset) => [start + offset, value]));
}

function ordered(high: number, low: number, wordOrder: WordOrder): [number, number] {
  return wordOrder === 'big' ? [high, low] : [low, high];
}
