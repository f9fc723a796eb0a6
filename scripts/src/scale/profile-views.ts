import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConsole, issueApiToken } from '@plantwatch/console';
import { createLogger } from '@plantwatch/shared';
import { explainQueryPlan, type StatementTiming, startQueryProfile } from './query-profile.ts';
import { viewRequests } from './view-requests.ts';

export interface ViewProfile {
  name: string;
  path: string;
  /** Median over the repeats. */
  requestMs: number;
  /** Statements of the last repeat, slowest in total first. */
  statements: StatementTiming[];
}

/**
 * Runs a console in this process on a data directory, requests each view `repeat` times, and
 * returns where the time of each went, statement by statement. The database gets an API token.
 */
export async function profileViews(
  dataDir: string,
  views: readonly { name: string; path: string }[],
  repeat = 3,
): Promise<ViewProfile[]> {
  const token = issueApiToken(dataDir, { name: `profile-${Date.now()}`, role: 'viewer' });
  const console_ = await createConsole({
    dataDir,
    http: { port: 0 },
    mqtt: { mode: 'embedded', port: 0 },
    logger: createLogger({ name: 'console', level: 'error' }),
  });
  const profile = startQueryProfile();
  try {
    const profiles: ViewProfile[] = [];
    for (const view of views) {
      const times: number[] = [];
      let statements: StatementTiming[] = [];
      for (let i = 0; i < repeat; i += 1) {
        profile.take();
        const started = performance.now();
        const response = await fetch(`${console_.httpUrl}${view.path}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = await response.text();
        if (!response.ok) throw new Error(`${view.path}: HTTP ${response.status} ${body.slice(0, 500)}`);
        times.push(performance.now() - started);
        statements = profile.take();
      }
      times.sort((a, b) => a - b);
      profiles.push({ ...view, requestMs: times[Math.floor(times.length / 2)] as number, statements });
    }
    return profiles;
  } finally {
    profile.stop();
    await console_.close();
  }
}

const USAGE = `tsx --tsconfig console/tsconfig.json scripts/src/scale/profile-views.ts --data-dir <dir> [options]

Starts a console in this process on <dir> (e.g. one written by npm run scale), requests the views the
"views at scale" benchmark measures (or the given paths), and prints for each where its time went:
the slowest SQL statements with their time, calls and EXPLAIN QUERY PLAN. It adds an API token to
the database: use a copy. --tsconfig is needed for the console's pages (JSX).

Options:
  --path <url path>   a view to profile (repeatable; default: the benchmark's views)
  --sites <n>         sites of the fleet, for the default site page path (default 500)
  --repeat <n>        requests per view; the median is reported (default 3)
  --top <n>           statements shown per view (default 4)
  --json              print JSON (with parameters and plans) instead of text
  -h, --help          show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      path: { type: 'string', multiple: true },
      repeat: { type: 'string', default: '3' },
      top: { type: 'string', default: '4' },
      sites: { type: 'string', default: '500' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values['data-dir']) {
    process.stdout.write(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const dataDir = path.resolve(values['data-dir']);
  const views =
    values.path?.map((p) => ({ name: p, path: p })) ??
    viewRequests(Number(values.sites)).map((view) => ({ name: view.name, path: view.path(1) }));
  const file = path.join(dataDir, 'plantwatch.db');
  const top = Number(values.top);
  const profiles = await profileViews(dataDir, views, Number(values.repeat));
  if (values.json) {
    const explained = profiles.map((view) => ({
      ...view,
      statements: view.statements.slice(0, top).map((statement) => ({
        ...statement,
        plan: explainQueryPlan(file, statement),
      })),
    }));
    process.stdout.write(`${JSON.stringify(explained)}\n`);
    return;
  }
  for (const view of profiles) {
    const sqlMs = view.statements.reduce((sum, s) => sum + s.totalMs, 0);
    process.stdout.write(
      `\n== ${view.path}: ${view.requestMs.toFixed(1)} ms (SQL ${sqlMs.toFixed(1)} ms in ${view.statements.length} statements)\n`,
    );
    for (const statement of view.statements.slice(0, top)) {
      process.stdout.write(
        `  ${statement.totalMs.toFixed(1)} ms, ${statement.calls} call(s): ${statement.sql.replace(/\s+/g, ' ')}\n`,
      );
      for (const line of explainQueryPlan(file, statement)) process.stdout.write(`      ${line}\n`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
