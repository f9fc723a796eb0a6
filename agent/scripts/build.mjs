// Bundles the agent into one ES module for gateways: no TypeScript compiler at run time (tsx costs
// about 25 MiB of memory and a compile on every start), fewer files to read on a slow flash disk.
// Native and heavy packages stay external and load from node_modules: better-sqlite3 (native),
// modbus-serial (optional native serial bindings), net-snmp, and node-opcua-client (loaded only
// when an OPC UA target exists).

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const outfile = process.argv[2] ?? fileURLToPath(new URL('../dist/plantwatch-agent.mjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'modbus-serial', 'net-snmp', 'node-opcua-client', 'node-opcua'],
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __plantwatchRequire } from 'node:module'; const require = __plantwatchRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
process.stdout.write(`built ${outfile}\n`);
