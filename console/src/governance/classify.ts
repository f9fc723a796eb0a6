import type { ValueClass } from '@plantwatch/protocol';
import type { DriftClass } from './vocabulary.ts';

/**
 * Which class a changed path belongs to. Identity fields are named by the protocol; other paths
 * are named by whoever configured the collector, so their names are matched by keywords. The first
 * rule that matches wins: a `firmware` value in an identity block is firmware, not identity.
 */
const FIRMWARE_FIELDS = new Set([
  'identity.firmware',
  'identity.revision',
  'identity.softwareRevision',
  'identity.hardwareRevision',
  'identity.deviceRevision',
]);
const PROGRAM_FIELDS = new Set(['identity.userApplicationName']);

const FIRMWARE_WORDS = /firmware|software|version|revision/i;
const PROGRAM_WORDS = /program|logic|checksum|crc|application|project/i;
// Whole tokens only: `ip` must not match `ipsum` or `tripped`.
const NETWORK_TOKENS =
  /(^|[._:[\]-])(links?|mac|ip|ipv4|ipv6|vlan|lldp|arp|fdb|neighbou?rs?|interfaces?)($|[._:[\]-])/i;

export function classifyPath(path: string, valueClass?: ValueClass): DriftClass {
  if (path.startsWith('identity.')) {
    if (FIRMWARE_FIELDS.has(path)) return 'firmware';
    if (PROGRAM_FIELDS.has(path)) return 'program';
    return 'identity';
  }
  if (FIRMWARE_WORDS.test(path)) return 'firmware';
  if (PROGRAM_WORDS.test(path)) return 'program';
  if (NETWORK_TOKENS.test(path)) return 'network';
  // Serial numbers, model names and the like read from registers: a new value means a new device.
  if (valueClass === 'identity') return 'identity';
  return 'config';
}
