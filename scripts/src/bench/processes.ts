import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
export const binOf = (pkg: string, bin: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'bin', bin);
const TSX_CLI = require.resolve('tsx/cli');

export interface Child {
  process: ChildProcess;
  /** The first stdout line matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  send(line: string): void;
  /** The last few KiB the process wrote to standard error. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Runs a TypeScript file of this package (through tsx) or a Node.js script as a child process. */
export function startChild(script: string, args: string[], options: { typescript?: boolean } = {}): Child {
  const argv = options.typescript ? [TSX_CLI, script, ...args] : [script, ...args];
  const child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.splice(0)) waiter();
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  return {
    process: child,
    async line(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((l) => pattern.test(l));
        if (found !== undefined) return found;
        if (child.exitCode !== null)
          throw new Error(`${path.basename(script)} exited (${child.exitCode}): ${stderr}`);
        if (Date.now() > deadline)
          throw new Error(
            `${path.basename(script)}: no line matching ${pattern} in ${timeoutMs} ms: ${stderr}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    send: (line) => child.stdin?.write(`${line}\n`),
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process and all its descendants, in MiB, from /proc. */
export function rssMiB(pid: number): number {
  let total = 0;
  for (const id of [pid, ...descendants(pid)]) {
    try {
      const status = readFileSync(`/proc/${id}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      // The process ended in between.
    }
  }
  return total;
}

function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return children.flatMap((child) => [child, ...descendants(child)]);
  } catch {
    return [];
  }
}

let asked = 0;
/**
 * Sends `<command> <seq>` to a simulator host and returns its JSON answer, the line that starts
 * `{"seq":<seq>,` (the sequence number tells this answer from earlier ones).
 */
export async function ask<T>(host: Child, command: string, timeoutMs?: number): Promise<T> {
  asked += 1;
  const seq = asked;
  host.send(`${command} ${seq}`);
  return JSON.parse(await host.line(new RegExp(`^\\{"seq":${seq},`), timeoutMs)) as T;
}
