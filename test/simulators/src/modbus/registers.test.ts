import { describe, expect, it } from 'vitest';
import { f32ToRegisters, registersAt, stringToRegisters, u32ToRegisters } from './registers.ts';

function wordsToBuffer(words: number[]): Buffer {
  const bytes = Buffer.alloc(words.length * 2);
  for (const [index, word] of words.entries()) bytes.writeUInt16BE(word, index * 2);
  return bytes;
}

describe('stringToRegisters', () => {
  it('packs two characters per register, high byte first, and pads with NUL', () => {
    expect(stringToRegisters('AB', 2)).toEqual([0x4142, 0x0000]);
    expect(stringToRegisters('ABC', 2)).toEqual([0x4142, 0x4300]);
    expect(stringToRegisters('', 1)).toEqual([0]);
    expect(wordsToBuffer(stringToRegisters('SN-42', 4)).toString('latin1')).toBe('SN-42\0\0\0');
  });

  it('refuses text that does not fit', () => {
    expect(() => stringToRegisters('ABCDE', 2)).toThrow(RangeError);
    expect(() => stringToRegisters('\u20ac', 1)).toThrow(RangeError);
  });
});

describe('u32ToRegisters', () => {
  it('splits into words, high word first unless asked otherwise', () => {
    expect(u32ToRegisters(0x12345678)).toEqual([0x1234, 0x5678]);
    expect(u32ToRegisters(0x12345678, 'little')).toEqual([0x5678, 0x1234]);
    expect(u32ToRegisters(0xffffffff)).toEqual([0xffff, 0xffff]);
  });

  it.each([0, 1, 65_535, 65_536, 3_000_000_000, 0xffffffff])('round trips %i', (value) => {
    expect(wordsToBuffer(u32ToRegisters(value)).readUInt32BE(0)).toBe(value);
    const [low, high] = u32ToRegisters(value, 'little');
    expect(high * 0x10000 + low).toBe(value);
  });

  it('refuses values outside u32', () => {
    for (const value of [-1, 2 ** 32, 1.5, Number.NaN])
      expect(() => u32ToRegisters(value)).toThrow(RangeError);
  });
});

describe('f32ToRegisters', () => {
  it('encodes IEEE 754 single precision, high word first unless asked otherwise', () => {
    expect(f32ToRegisters(1.5)).toEqual([0x3fc0, 0x0000]);
    expect(f32ToRegisters(-2)).toEqual([0xc000, 0x0000]);
    expect(f32ToRegisters(1.5, 'little')).toEqual([0x0000, 0x3fc0]);
  });

  it.each([0, 1.5, -273.15, 0.1, 1e-7, 65_504.5])('round trips %f to the nearest float', (value) => {
    expect(wordsToBuffer(f32ToRegisters(value)).readFloatBE(0)).toBe(Math.fround(value));
    const [low, high] = f32ToRegisters(value, 'little');
    expect(wordsToBuffer([high, low]).readFloatBE(0)).toBe(Math.fround(value));
  });
});

describe('registersAt', () => {
  it('maps consecutive addresses from the start', () => {
    expect(registersAt(220, [1, 2])).toEqual({ 220: 1, 221: 2 });
    expect(registersAt(0, [])).toEqual({});
  });

  it('refuses blocks outside the address space', () => {
    expect(() => registersAt(65_535, [1, 2])).toThrow(RangeError);
    expect(() => registersAt(-1, [1])).toThrow(RangeError);
  });
});
