import { cpus, totalmem } from 'node:os';

export interface Figure {
  label: string;
  value: number;
  unit: string;
}

/** One benchmark: what was measured, against which baseline measured in the same run. */
export interface BenchResult {
  id: string;
  title: string;
  goal: string;
  baseline: Figure;
  measured: Figure;
  /** measured / baseline */
  ratio: number;
  met: boolean;
  details: string[];
  /** Where the time goes and what would close the gap; required when the goal is missed. */
  analysis?: string;
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${process.platform} ${process.arch}`;
}

const fmt = (f: Figure) =>
  `${Number.isInteger(f.value) ? f.value : f.value.toFixed(f.value < 10 ? 2 : 1)} ${f.unit}`;

export function renderReport(
  results: readonly BenchResult[],
  command: string,
  startedAt: Date,
  durationMs: number,
): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`${command}\` on ${startedAt.toISOString()} (run took ${Math.round(durationMs / 1000)} s).`,
    '',
    `Machine: ${machineLine()}.`,
    '',
    'Every figure is a ratio against a baseline measured in the same run on the same machine.',
    'Where the time goes for the goals that are missed: [docs/performance-notes.md](docs/performance-notes.md).',
    '',
    '| benchmark | measured | baseline | ratio | goal | met |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.title} | ${r.measured.label}: ${fmt(r.measured)} | ${r.baseline.label}: ${fmt(r.baseline)} | ${r.ratio.toFixed(2)}x | ${r.goal} | ${r.met ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
  for (const r of results) {
    lines.push(
      `## ${r.title}`,
      '',
      `Goal: ${r.goal}. Measured ${fmt(r.measured)} (${r.measured.label}) against ${fmt(r.baseline)} (${r.baseline.label}): ${r.ratio.toFixed(2)}x.`,
      '',
    );
    for (const detail of r.details) lines.push(`- ${detail}`);
    if (r.analysis) lines.push('', `Analysis: ${r.analysis}`);
    lines.push('');
  }
  return lines.join('\n');
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}
