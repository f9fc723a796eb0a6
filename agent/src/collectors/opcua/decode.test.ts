import { LIMITS } from '@plantwatch/protocol';
import { describe, expect, it } from 'vitest';
import { decodeArray, decodeScalar } from './decode.ts';
import { describeOpcuaRequest } from './describe.ts';

describe('decoding OPC UA values', () => {
  it('keeps numbers and booleans, and prints 32-bit floats as their shortest decimal', () => {
    expect(decodeScalar('Double', 12.5)).toBe(12.5);
    expect(decodeScalar('Int32', -7)).toBe(-7);
    expect(decodeScalar('Boolean', true)).toBe(true);
    expect(decodeScalar('Float', Math.fround(0.1))).toBe(0.1);
    expect(decodeScalar('Double', Number.NaN)).toBe('NaN');
  });

  it('joins 64-bit words and keeps values past 2^53 exact as text', () => {
    expect(decodeScalar('UInt64', [0, 42])).toBe(42);
    expect(decodeScalar('Int64', [0xffffffff, 0xfffffffe])).toBe(-2);
    expect(decodeScalar('UInt64', [0xffffffff, 0xffffffff])).toBe('18446744073709551615');
  });

  it('turns text-like values into clean, bounded strings', () => {
    expect(decodeScalar('LocalizedText', { locale: 'en', text: 'Acme\u0000 ' })).toBe('Acme');
    expect(decodeScalar('QualifiedName', { namespaceIndex: 2, name: 'Manufacturer' })).toBe('2:Manufacturer');
    expect(decodeScalar('DateTime', new Date('2024-03-18T09:30:00Z'))).toBe('2024-03-18T09:30:00.000Z');
    expect(decodeScalar('StatusCode', { name: 'BadOutOfService' })).toBe('BadOutOfService');
    const long = decodeScalar('String', 'x'.repeat(LIMITS.deviceString + 1));
    expect(long).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('shows short byte strings as hex and long ones and structures by digest or JSON', () => {
    expect(decodeScalar('ByteString', Buffer.from([0xde, 0xad]))).toBe('dead');
    expect(decodeScalar('ByteString', Buffer.alloc(64))).toMatch(/^sha256:/);
    expect(decodeScalar('ExtensionObject', { speed: 3 })).toBe('{"speed":3}');
    expect(decodeScalar('Double', null)).toBeNull();
  });

  it('decodes arrays element by element, typed arrays included', () => {
    expect(decodeArray('Float', new Float32Array([0.5, 0.1]))).toEqual([0.5, 0.1]);
    expect(decodeArray('String', ['a', 'b'])).toEqual(['a', 'b']);
    expect(decodeArray('String', null)).toEqual([]);
  });
});

describe('transcript lines', () => {
  it('name one node plainly and many within the entry limit', () => {
    expect(describeOpcuaRequest({ service: 'Read', nodeIds: ['ns=0;i=2256'] })).toBe(
      'opcua Read ns=0;i=2256 Value',
    );
    expect(describeOpcuaRequest({ service: 'Browse', nodeIds: ['ns=2;s=Program'], depth: 2 })).toBe(
      'opcua Browse ns=2;s=Program depth 2',
    );
    const many = Array.from({ length: 40 }, (_, i) => `ns=3;s=Program.Setpoints.Value${i}`);
    const line = describeOpcuaRequest({ service: 'Read', nodeIds: many });
    expect(line.length).toBeLessThanOrEqual(LIMITS.transcriptEntry);
    expect(line).toMatch(/^opcua Read 40 nodes Value: ns=3;s=Program\.Setpoints\.Value0, .* \+\d+ more$/);
    expect(describeOpcuaRequest({ service: 'BrowseNext', count: 2, release: true })).toBe(
      'opcua BrowseNext 2 continuation points release',
    );
  });
});
