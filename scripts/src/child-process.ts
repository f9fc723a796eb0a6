import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface Child {
  process: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a Node.js program whose standard error (its JSON logs) goes to `logFile`. */
export function startNode(script: string, args: string[], logFile: string): Child {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr?.pipe(log);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    log.write(chunk);
  });
  return {
    process: child,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
          if (line === undefined) return false;
          cleanup();
          resolve(line);
          return true;
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`${script} exited with code ${code} before it was ready; see ${logFile}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${script} was not ready after ${timeoutMs} ms; see ${logFile}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.off('exit', onExit);
        };
        if (check()) return;
        child.stdout?.on('data', check);
        child.once('exit', onExit);
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          log.end();
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
