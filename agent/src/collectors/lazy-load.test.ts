import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const AGENT_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Each protocol library loads at the first poll of its protocol, so a gateway pays only for the
 * protocols it has targets for (modbus-serial with serialport about 9 MiB, net-snmp about 4 MiB;
 * node-opcua has its own test next to its collector). A fresh Node process imports the registry,
 * parses and plans a target of each protocol, and reports which of the libraries the CommonJS
 * loader holds; requiring them at the end proves the check would see them.
 */
const SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = () => ['/modbus-serial/', '/serialport/', '/net-snmp/'].filter((part) =>
  Object.keys(require.cache).some((file) => file.includes(part)));
const registry = await import('./src/collectors/registry.ts');
for (const target of [
  { id: 'plc', protocol: 'modbus', host: '10.0.0.1', blocks: [{ name: 'a', class: 'config', table: 'holding', address: 0 }] },
  { id: 'sw', protocol: 'snmp', host: '10.0.0.2', community: 'public' },
]) {
  const parsed = registry.targetSchema.parse(target);
  registry.collectorFor(parsed).plan(parsed);
}
const before = loaded();
require('modbus-serial');
require('net-snmp');
console.log(JSON.stringify({ before, after: loaded() }));
`;

describe('loading the collectors', () => {
  it('does not load modbus-serial or net-snmp until a target of theirs is polled', {
    timeout: 30_000,
  }, async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', SCRIPT],
      { cwd: AGENT_DIR, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    const line = stdout.split('\n').find((text) => text.startsWith('{"before"')) ?? '{}';
    const { before, after } = JSON.parse(line) as { before: string[]; after: string[] };
    expect(before).toEqual([]);
    expect(after).toEqual(['/modbus-serial/', '/serialport/', '/net-snmp/']);
  });
});
