import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateFleet, type ScaleOptions } from './generate-fleet.ts';

const USAGE = `npm run scale -- --data-dir <dir> [options]

Writes a generated fleet with a period of history into <dir>/plantwatch.db, as a console that had
ingested it live would hold it: sites, agents, assets (Modbus PLCs, OPC UA controllers, SNMP
switches from a dozen vendors), configuration versions, baselines, drift records (mostly decided,
some open), the agents' change events, change windows, the review queue, owners and the
hash-chained audit log. Start a console on it with: plantwatch-console --data-dir <dir>

Options:
  --data-dir <dir>        where the database goes (required; must not hold a database yet)
  --sites <n>             sites (default 500)
  --assets <n>            assets over all sites (default 200000)
  --agents-per-site <n>   gateway agents per site (default 2)
  --days <n>              days of history (default 365)
  --seed <n>              random seed: the same seed and --end give the same database (default 1)
  --end <iso time>        the generated "now" (default: the current hour)
  --replace               delete an existing database in --data-dir first
  -h, --help              show this help
`;

function parse(): { dataDir: string; replace: boolean; options: ScaleOptions } {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      sites: { type: 'string', default: '500' },
      assets: { type: 'string', default: '200000' },
      'agents-per-site': { type: 'string', default: '2' },
      days: { type: 'string', default: '365' },
      seed: { type: 'string', default: '1' },
      end: { type: 'string' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const integer = (name: 'sites' | 'assets' | 'agents-per-site' | 'days' | 'seed', min: number) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) {
      throw new Error(`--${name} must be an integer >= ${min}, got ${values[name]}`);
    }
    return value;
  };
  if (!values['data-dir']) throw new Error('--data-dir is required');
  const endMs =
    values.end === undefined ? Math.floor(Date.now() / 3_600_000) * 3_600_000 : Date.parse(values.end);
  if (!Number.isFinite(endMs)) throw new Error(`--end must be an ISO 8601 time, got ${values.end}`);
  const options: ScaleOptions = {
    sites: integer('sites', 1),
    assets: integer('assets', 1),
    agentsPerSite: integer('agents-per-site', 1),
    days: integer('days', 1),
    seed: integer('seed', 0),
    endMs,
  };
  if (options.assets < options.sites) throw new Error('--assets must be at least --sites');
  return { dataDir: path.resolve(values['data-dir']), replace: values.replace, options };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`scale: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { dataDir, replace, options } = parsed;
  if (replace) {
    for (const suffix of ['', '-wal', '-shm'])
      await rm(path.join(dataDir, `plantwatch.db${suffix}`), { force: true });
  }
  const result = generateFleet(dataDir, options, (line) => process.stdout.write(`scale: ${line}\n`));
  const width = Math.max(...Object.keys(result.counts).map((table) => table.length));
  process.stdout.write(`\nWrote ${result.file} in ${result.seconds.toFixed(1)} s:\n`);
  let total = 0;
  for (const [table, rows] of Object.entries(result.counts).sort(([a], [b]) => a.localeCompare(b))) {
    total += rows;
    process.stdout.write(`  ${table.padEnd(width)}  ${rows.toLocaleString('en-US').padStart(11)}\n`);
  }
  process.stdout.write(
    `  ${'total'.padEnd(width)}  ${total.toLocaleString('en-US').padStart(11)} rows (${Math.round(total / result.seconds).toLocaleString('en-US')} rows/s)\n`,
  );
}

await main();
