import { spawn } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SCALE_DIR = path.resolve(import.meta.dirname, '../scale');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

export interface FleetSize {
  sites: number;
  assets: number;
  days: number;
}

export interface GeneratedFleet {
  dataDir: string;
  /** How long `npm run scale` took to write it. */
  generatedSeconds: number;
  bytes: number;
  counts: Record<string, number>;
}

/**
 * A fresh data directory holding a generated fleet (`npm run scale`, seed 1) whose history ends
 * now, so that the console sees what it would in use: every online agent polled its assets in the
 * last minutes, and open drift is recent.
 */
export async function generatedFleet(size: FleetSize, log: (line: string) => void): Promise<GeneratedFleet> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-bench-scale-'));
  const endIso = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const args = [
    '--sites',
    size.sites,
    '--assets',
    size.assets,
    '--days',
    size.days,
    '--seed',
    1,
    '--end',
    endIso,
  ];
  const output = await runScale(['--data-dir', dataDir, ...args.map(String)], log);
  const counts = Object.fromEntries(
    [...output.matchAll(/^ {2}(\w+) +([\d,]+)$/gm)].map((m) => [
      m[1],
      Number((m[2] as string).replace(/,/g, '')),
    ]),
  );
  const { size: bytes } = await stat(path.join(dataDir, 'plantwatch.db'));
  return { dataDir, generatedSeconds: Number(/ in ([\d.]+) s:/.exec(output)?.[1]), bytes, counts };
}

/** `npm run scale` in its own process: it needs a few GB of heap, given back when it exits. */
function runScale(args: string[], log: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, path.join(SCALE_DIR, 'scale-cli.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let pending = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('scale: ')) log(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4_000);
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`npm run scale failed (${code}): ${errors}`)),
    );
  });
}

/** Runs profile-views.ts on a data directory (the console's tsconfig, for its pages' JSX). */
export function profileInChild(dataDir: string, paths: string[]): Promise<string> {
  const tsconfig = path.resolve(import.meta.dirname, '../../../console/tsconfig.json');
  const args = [TSX_CLI, '--tsconfig', tsconfig, path.join(SCALE_DIR, 'profile-views.ts')];
  args.push('--data-dir', dataDir, '--json', '--repeat', '2', '--top', '3');
  for (const p of paths) args.push('--path', p);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4_000);
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`profile-views failed (${code}): ${errors}`)),
    );
  });
}
