import { describe, expect, it } from 'vitest';
import { asMac, asNumber, asText, indexArcs, ipFromArcs, isHostMac, textOrHex } from './decode.ts';
import type { SnmpVarbind } from './varbind.ts';

const octets = (value: Buffer | string): SnmpVarbind => ({
  oid: '1.3.6.1',
  kind: 'octets',
  value: Buffer.isBuffer(value) ? value : Buffer.from(value),
});

describe('SNMP value decoding', () => {
  it('reads DisplayStrings as UTF-8 or Latin-1, with line breaks as spaces and no control characters', () => {
    expect(asText(octets('Cisco IOS 15.2\r\nTechnical Support'))).toBe('Cisco IOS 15.2 Technical Support');
    expect(asText(octets('Schaltschrank Süd'))).toBe('Schaltschrank Süd');
    expect(asText(octets(Buffer.from([0x53, 0xfc, 0x64])))).toBe('Süd');
    expect(asText(octets('\u001b[31mred\u0000'))).toBe('[31mred');
    expect(asText(octets('x'.repeat(1_000)))).toHaveLength(256);
  });

  it('accepts only the type a column promises', () => {
    expect(asText({ oid: '1', kind: 'integer', value: 5 })).toBeUndefined();
    expect(asNumber(octets('5'))).toBeUndefined();
    expect(asNumber({ oid: '1', kind: 'gauge', value: 1_000 })).toBe(1_000);
    expect(asNumber({ oid: '1', kind: 'noSuchInstance', value: null })).toBeUndefined();
  });

  it('formats MAC addresses lower case with colons, and only from six octets', () => {
    expect(asMac(octets(Buffer.from([0x00, 0x1b, 0x54, 0xab, 0xcd, 0xef])))).toBe('00:1b:54:ab:cd:ef');
    expect(asMac(octets(Buffer.alloc(0)))).toBeUndefined();
    expect(asMac(octets(Buffer.alloc(8)))).toBeUndefined();
    expect(isHostMac('00:1b:54:ab:cd:ef')).toBe(true);
    expect(isHostMac('00:00:00:00:00:00')).toBe(false);
    expect(isHostMac('ff:ff:ff:ff:ff:ff')).toBe(false);
    expect(isHostMac('01:00:5e:00:00:01')).toBe(false);
  });

  it('parses OID indexes and the addresses in them', () => {
    expect(indexArcs('5010.10.20.0.100')).toEqual([5010, 10, 20, 0, 100]);
    expect(indexArcs('1.x')).toBeUndefined();
    expect(indexArcs('4294967296')).toBeUndefined();
    expect(ipFromArcs([10, 20, 0, 1])).toBe('10.20.0.1');
    expect(ipFromArcs([0xfe, 0x80, ...Array(13).fill(0), 1])).toBe('fe80:0:0:0:0:0:0:1');
    expect(ipFromArcs([10, 20, 0, 256])).toBeUndefined();
    expect(textOrHex(Buffer.from('Te1/1/1'))).toBe('Te1/1/1');
    expect(textOrHex(Buffer.from([0x80, 0x00, 0x01]))).toBe('800001');
  });
});
