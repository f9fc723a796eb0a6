import { describe, expect, it } from 'vitest';
import { decodeRegisters, decodeString } from './decode.ts';

describe('decodeRegisters', () => {
  it('reads u16 and i16', () => {
    expect(decodeRegisters([0x0001, 0xffff], 'u16', 2, 'big')).toEqual([1, 65535]);
    expect(decodeRegisters([0x0001, 0xffff, 0x8000], 'i16', 3, 'big')).toEqual([1, -1, -32768]);
  });

  it('reads 32-bit values in both word orders', () => {
    expect(decodeRegisters([0x0001, 0x0002], 'u32', 1, 'big')).toEqual([0x00010002]);
    expect(decodeRegisters([0x0002, 0x0001], 'u32', 1, 'little')).toEqual([0x00010002]);
    expect(decodeRegisters([0xffff, 0xfffe], 'i32', 1, 'big')).toEqual([-2]);
  });

  it('reads f32 as the shortest decimal that is the same float', () => {
    const buffer = Buffer.alloc(8);
    buffer.writeFloatBE(0.1, 0);
    buffer.writeFloatBE(-1234.5, 4);
    const registers = [0, 1, 2, 3].map((i) => buffer.readUInt16BE(i * 2));
    expect(decodeRegisters(registers, 'f32', 2, 'big')).toEqual([0.1, -1234.5]);
  });

  it('keeps two floats that differ in the last bit apart', () => {
    const a = Buffer.from([0x3f, 0x80, 0x00, 0x00]); // 1.0
    const b = Buffer.from([0x3f, 0x80, 0x00, 0x01]); // the next float up
    const [x] = decodeRegisters([a.readUInt16BE(0), a.readUInt16BE(2)], 'f32', 1, 'big');
    const [y] = decodeRegisters([b.readUInt16BE(0), b.readUInt16BE(2)], 'f32', 1, 'big');
    expect(x).not.toEqual(y);
  });

  it('reports NaN and infinities as text, since JSON cannot carry them', () => {
    expect(decodeRegisters([0x7fc0, 0x0000, 0x7f80, 0x0000], 'f32', 2, 'big')).toEqual(['NaN', 'Infinity']);
  });

  it('reads bits least significant first, 16 per register', () => {
    const flags = decodeRegisters([0b1000_0000_0000_0101, 0x0001], 'bits', 2, 'big');
    expect(flags).toHaveLength(32);
    expect(flags.slice(0, 4)).toEqual([true, false, true, false]);
    expect(flags[15]).toBe(true);
    expect(flags[16]).toBe(true);
    expect(flags.filter(Boolean)).toHaveLength(4);
  });

  it('fails clearly when the device returned fewer registers than asked', () => {
    expect(() => decodeRegisters([1], 'u32', 1, 'big')).toThrow(
      'device returned 1 registers, needed at least 2',
    );
  });
});

describe('decodeString', () => {
  it('reads two characters per register, high byte first, without NUL padding', () => {
    expect(decodeString([0x4142, 0x4300, 0x0000])).toBe('ABC');
  });

  it('drops control characters a device might send', () => {
    expect(decodeString([0x1b5b, 0x3241, 0x0a58])).toBe('[2AX');
  });
});
