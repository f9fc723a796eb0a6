import { describe, expect, it } from 'vitest';
import { classifyPath } from './classify.ts';
import { compilePathPattern } from './path-pattern.ts';

describe('classifyPath', () => {
  it.each([
    ['identity.firmware', undefined, 'firmware'],
    ['identity.softwareRevision', undefined, 'firmware'],
    ['identity.serial', undefined, 'identity'],
    ['identity.model', undefined, 'identity'],
    ['identity.userApplicationName', undefined, 'program'],
    ['firmware', 'identity', 'firmware'],
    ['program_checksum', 'config', 'program'],
    ['logic.crc', 'config', 'program'],
    ['serial', 'identity', 'identity'],
    ['ports[3].vlan', 'config', 'network'],
    ['if.mac', 'config', 'network'],
    ['setpoints[4]', 'config', 'config'],
    ['tripped', 'config', 'config'],
  ] as const)('%s (%s) is %s', (path, valueClass, expected) => {
    expect(classifyPath(path, valueClass)).toBe(expected);
  });
});

describe('compilePathPattern', () => {
  it('treats * and ? as wildcards and everything else literally', () => {
    expect(compilePathPattern('setpoints[*]').test('setpoints[12]')).toBe(true);
    expect(compilePathPattern('setpoints[*]').test('setpointsX12]')).toBe(false);
    expect(compilePathPattern('mod?').test('mode')).toBe(true);
    expect(compilePathPattern('a.b').test('axb')).toBe(false);
  });
});
