import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const AGENT_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * node-opcua takes about a second and 100 MB to load: an agent without OPC UA targets must never pay
 * for it. A fresh Node process (this test runner has other files' imports) imports the collector
 * and the registry, parses a target, plans it and lists certificates, and reports which modules the
 * CommonJS loader holds. Importing node-opcua-client at the end proves the check would see it.
 */
const SCRIPT = `
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const opcuaModules = () => Object.keys(cache).filter((file) => file.includes('/node-opcua')).length;
const opcua = await import('./src/collectors/opcua/index.ts');
await import('./src/collectors/registry.ts');
const target = opcua.opcuaTargetSchema.parse({ id: 'p1', protocol: 'opcua', host: '10.0.0.1' });
opcua.opcuaCollector.plan(target);
await opcua.listOpcuaCertificates('/nonexistent');
const before = opcuaModules();
await import('node-opcua-client');
console.log(JSON.stringify({ before, after: opcuaModules() }));
`;

describe('loading the OPC UA collector', () => {
  it('does not load node-opcua until an OPC UA target is polled', { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', SCRIPT],
      { cwd: AGENT_DIR, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    // node-opcua itself prints to standard output once loaded: pick our line.
    const line = stdout.split('\n').find((text) => text.startsWith('{"before"')) ?? '{}';
    const { before, after } = JSON.parse(line) as { before: number; after: number };
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(50);
  });
});
