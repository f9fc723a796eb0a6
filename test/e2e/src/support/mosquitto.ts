import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './free-port.ts';

export interface Mosquitto {
  url: string;
  stop(): Promise<void>;
}

/** Debian's mosquitto, as installed by `.ci/run`; MOSQUITTO_PATH overrides. */
export function mosquittoPath(): string | undefined {
  const candidates = [process.env.MOSQUITTO_PATH, '/usr/sbin/mosquitto', '/usr/bin/mosquitto'];
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)));
}

/** Starts a throwaway mosquitto on a free 127.0.0.1 port and resolves once it accepts clients. */
export async function startMosquitto(binary: string, dir: string): Promise<Mosquitto> {
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  await writeFile(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      // stderr is unbuffered; the "running" line we wait for is logged at information level.
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type information',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mosquitto did not start in 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/mosquitto version \S+ running/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mosquitto exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
