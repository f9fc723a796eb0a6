import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agentFootprint } from './agent-footprint.ts';
import { consoleIngest } from './console-ingest.ts';
import { detectionLatency } from './detection-latency.ts';
import { modbusOverhead } from './modbus-overhead.ts';
import { opcuaOverhead } from './opcua-overhead.ts';
import { type BenchResult, renderReport } from './report.ts';
import { snmpInventory } from './snmp-inventory.ts';
import { viewsAtScale } from './views-at-scale.ts';

const BENCHMARKS: Record<string, (quick: boolean) => Promise<BenchResult>> = {
  'modbus-overhead': (quick) => modbusOverhead({ devices: quick ? 10 : 50, rounds: quick ? 5 : 30 }),
  'snmp-inventory': (quick) =>
    snmpInventory({ ports: quick ? 48 : 400, hosts: quick ? 100 : 3_000, rounds: quick ? 2 : 5 }),
  'opcua-overhead': (quick) => opcuaOverhead({ polls: quick ? 10 : 300 }),
  'agent-footprint': (quick) =>
    agentFootprint({
      modbus: quick ? 20 : 200,
      snmp: quick ? 4 : 20,
      opcua: quick ? 1 : 5,
      sampleMs: quick ? 6_000 : 15_000,
    }),
  'console-ingest': (quick) =>
    consoleIngest(
      { agents: quick ? 20 : 200, assetsPerAgent: 10, cycles: quick ? 2 : 10 },
      { agents: quick ? 100 : 1_000, assetsPerAgent: 1, cycles: quick ? 3 : 20 },
    ),
  'detection-latency': (quick) => detectionLatency({ pollIntervalMs: 5_000, changes: quick ? 2 : 6 }),
  'views-at-scale': (quick) =>
    viewsAtScale(
      quick
        ? { sites: 50, assets: 20_000, days: 365, samples: 10, budgetMs: 3_000 }
        : { sites: 500, assets: 200_000, days: 365, samples: 40, budgetMs: 8_000 },
    ),
};

const USAGE = `npm run bench [-- options]

Runs Plantwatch's benchmarks, each against a baseline measured in the same run, and writes the
figures to BENCHMARKS.md at the repository root.

Options:
  --only <ids>   comma-separated benchmarks to run (${Object.keys(BENCHMARKS).join(', ')})
  --quick        smaller runs, for checking that the benchmarks work (figures are not kept)
  --out <file>   where to write the report (default BENCHMARKS.md; with --quick, nothing unless given)
  -h, --help     show this help
`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const ids = values.only ? values.only.split(',').map((id) => id.trim()) : Object.keys(BENCHMARKS);
const unknown = ids.filter((id) => !(id in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}

const startedAt = new Date();
const results: BenchResult[] = [];
for (const [index, id] of ids.entries()) {
  process.stdout.write(`[${index + 1}/${ids.length}] ${id}...\n`);
  const started = performance.now();
  const result = await (BENCHMARKS[id] as (quick: boolean) => Promise<BenchResult>)(values.quick);
  results.push(result);
  process.stdout.write(
    `      ${result.measured.value.toFixed(1)} ${result.measured.unit} vs ${result.baseline.value.toFixed(1)} ${result.baseline.unit}: ${result.ratio.toFixed(2)}x (goal ${result.goal}: ${result.met ? 'met' : 'MISSED'}) in ${Math.round((performance.now() - started) / 1000)} s\n`,
  );
}
const out =
  values.out ?? (values.quick ? undefined : path.resolve(import.meta.dirname, '../../../BENCHMARKS.md'));
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
if (out) {
  await writeFile(out, renderReport(results, command, startedAt, Date.now() - startedAt.getTime()));
  process.stdout.write(`Wrote ${out}\n`);
}
process.exit(0);
