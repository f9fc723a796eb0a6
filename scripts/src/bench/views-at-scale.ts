import { rm } from 'node:fs/promises';
import { issueApiToken } from '@plantwatch/console';
import { HEALTH, type ViewRequest, viewRequests } from '../scale/view-requests.ts';
import { type FleetSize, type GeneratedFleet, generatedFleet, profileInChild } from './generated-fleet.ts';
import { binOf, startChild } from './processes.ts';
import { type BenchResult, percentile } from './report.ts';

const GOAL_MS = 50;

export interface ViewsAtScaleLoad extends FleetSize {
  /** Requests per view (fewer if a view is slow: each view gets at most `budgetMs`). */
  samples: number;
  budgetMs: number;
}

interface ViewTiming {
  name: string;
  p50: number;
  p95: number;
  samples: number;
  kib: number;
}

interface Measured {
  views: ViewTiming[];
  health: ViewTiming;
  /** What the first inventory search matched, of how many assets. */
  search: { path: string; matched: number; assets: number };
}

/**
 * Benchmark 5: the console's main views on a generated fleet of 500 sites, 200,000 assets and a
 * year of drift history (the real console process, an API token, sequential requests with
 * keep-alive), against the same requests on a fleet one hundredth that size with sites of the same
 * size, measured in the same run. Where a view misses the goal, the same views run once more in a
 * console inside a profiling process, which names the SQL statements the time went to.
 */
export async function viewsAtScale(load: ViewsAtScaleLoad): Promise<BenchResult> {
  const log = (line: string) => process.stdout.write(`      ${line}\n`);
  const perSite = Math.round(load.assets / load.sites);
  const smallSize = { sites: 5, assets: 5 * perSite, days: load.days };
  const large = await generatedFleet(load, log);
  const small = await generatedFleet(smallSize, log);
  try {
    const atScale = await measureFleet(large, load, viewRequests(load.sites));
    const baseline = await measureFleet(small, load, viewRequests(smallSize.sites));
    const worst = atScale.views.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const sameOnSmall = baseline.views.find((view) => view.name === worst.name) as ViewTiming;
    const missed = atScale.views.filter((view) => view.p95 > GOAL_MS);
    const row = (view: ViewTiming, smallView: ViewTiming | undefined) =>
      `${view.name}: p50 ${view.p50.toFixed(1)} ms, p95 ${view.p95.toFixed(1)} ms (${view.samples} requests, ${view.kib.toFixed(0)} KiB)` +
      (smallView
        ? `; small fleet p50 ${smallView.p50.toFixed(1)} ms, p95 ${smallView.p95.toFixed(1)} ms`
        : '');
    return {
      id: 'views-at-scale',
      title: 'Console views at scale',
      goal: `p95 <= ${GOAL_MS} ms for every view at ${load.assets.toLocaleString('en-US')} assets`,
      measured: {
        label: `slowest view p95 (${worst.name}), ${fleetLabel(load)}`,
        value: worst.p95,
        unit: 'ms',
      },
      baseline: { label: `same view p95, ${fleetLabel(smallSize)}`, value: sameOnSmall.p95, unit: 'ms' },
      ratio: worst.p95 / sameOnSmall.p95,
      met: missed.length === 0,
      details: [
        `Fleet: ${fleetLabel(load)}, ${load.sites * 2} agents, ${rows(large)}; database ${(large.bytes / 2 ** 30).toFixed(2)} GiB, written by \`npm run scale\` in ${large.generatedSeconds.toFixed(0)} s, its history ending when the run started.`,
        `Baseline fleet: ${fleetLabel(smallSize)} (sites of the same size), ${rows(small)}.`,
        ...atScale.views.map((view) =>
          row(
            view,
            baseline.views.find((b) => b.name === view.name),
          ),
        ),
        `Floor, ${row(atScale.health, baseline.health)} (no authentication, no database).`,
        `Inventory search \`${atScale.search.path}\` matched ${atScale.search.matched} of ${atScale.search.assets} assets.`,
        'Sequential requests from one client with keep-alive, after 3 warm-up requests per view; sites and searches rotate between requests. Client and console share the 2-core machine.',
      ],
      ...(missed.length > 0 ? { analysis: await analyse(large, missed, load) } : {}),
    };
  } finally {
    await rm(large.dataDir, { recursive: true, force: true });
    await rm(small.dataDir, { recursive: true, force: true });
  }
}

const fleetLabel = (size: FleetSize) =>
  `${size.sites} sites, ${size.assets.toLocaleString('en-US')} assets, ${size.days} days`;

function rows(fleet: GeneratedFleet): string {
  const c = fleet.counts;
  const n = (table: string) => (c[table] ?? 0).toLocaleString('en-US');
  return `${n('drift_records')} drift records, ${n('asset_versions')} configuration versions, ${n('audit_log')} audit entries`;
}

async function measureFleet(
  fleet: GeneratedFleet,
  load: ViewsAtScaleLoad,
  views: ViewRequest[],
): Promise<Measured> {
  const headers = {
    Authorization: `Bearer ${issueApiToken(fleet.dataDir, { name: 'bench', role: 'viewer' })}`,
  };
  const child = startChild(binOf('@plantwatch/console', 'plantwatch-console.js'), [
    '--data-dir',
    fleet.dataDir,
    '--port',
    '0',
    '--mqtt-port',
    '0',
    '--log-level',
    'warn',
  ]);
  try {
    const ready = await child.line(/^Plantwatch console: /, 60_000);
    const httpUrl = /(http:\/\/\S+)/.exec(ready)?.[1] as string;
    const request = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${httpUrl}${path}`, { headers });
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${Buffer.from(body).toString()}`);
      return { ms: performance.now() - started, bytes: body.byteLength, body };
    };
    const time = async (view: ViewRequest): Promise<ViewTiming> => {
      for (let i = 0; i < 3; i += 1) await request(view.path(1_000 + i));
      const times: number[] = [];
      let bytes = 0;
      const deadline = performance.now() + load.budgetMs;
      for (let i = 0; i < load.samples && (i < 5 || performance.now() < deadline); i += 1) {
        const result = await request(view.path(i));
        times.push(result.ms);
        bytes += result.bytes;
      }
      const kib = bytes / times.length / 1024;
      return {
        name: view.name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        samples: times.length,
        kib,
      };
    };
    const measured: ViewTiming[] = [];
    for (const view of views) measured.push(await time(view));
    const searchPath = views[2]?.path(0) ?? '/api/v1/assets';
    const total = async (p: string) =>
      (JSON.parse(Buffer.from((await request(p)).body).toString()) as { total: number }).total;
    return {
      views: measured,
      health: await time(HEALTH),
      search: {
        path: searchPath,
        matched: await total(searchPath),
        assets: await total('/api/v1/assets?limit=1'),
      },
    };
  } finally {
    await child.stop();
  }
}

interface ProfiledView {
  path: string;
  requestMs: number;
  statements: { sql: string; totalMs: number; calls: number; plan: string[] }[];
}

/** Where the slow views spend their time, from a profiling run on the same database. */
async function analyse(fleet: GeneratedFleet, missed: ViewTiming[], load: ViewsAtScaleLoad): Promise<string> {
  const views = viewRequests(load.sites);
  const paths = missed.map((view) => (views.find((v) => v.name === view.name) as ViewRequest).path(1));
  let profiled: ProfiledView[];
  try {
    profiled = JSON.parse(await profileInChild(fleet.dataDir, paths)) as ProfiledView[];
  } catch (error) {
    return `profiling failed: ${(error as Error).message}`;
  }
  const parts = profiled.map((view) => {
    const top = view.statements
      .slice(0, 2)
      .map((s) => {
        const sql = s.sql.replace(/\s+/g, ' ').trim();
        return `${s.totalMs.toFixed(0)} ms in \`${sql.length > 160 ? `${sql.slice(0, 157)}...` : sql}\` (${planSummary(s.plan)})`;
      })
      .join(', ');
    return `\`GET ${view.path}\` took ${view.requestMs.toFixed(0)} ms in a profiled console: ${top}.`;
  });
  return `${parts.join(' ')} Statement timings and plans: \`tsx --tsconfig console/tsconfig.json scripts/src/scale/profile-views.ts --data-dir <copy of the fleet>\`.`;
}

/** The plan steps that cost: full scans and temporary sorts; index searches are only counted. */
function planSummary(plan: string[]): string {
  const steps = plan.map((line) => line.trim());
  const costly = [...new Set(steps.filter((step) => /^SCAN |TEMP B-TREE/.test(step)))];
  const searches = steps.filter((step) => step.startsWith('SEARCH ')).length;
  const subqueries = steps.filter((step) => step.startsWith('CORRELATED')).length;
  const parts = [...costly];
  if (subqueries > 0) parts.push(`${subqueries} correlated subqueries per row`);
  if (searches > 0) parts.push(`${searches} index searches`);
  return parts.join('; ');
}
