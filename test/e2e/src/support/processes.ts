import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { registerConsole } from './http.ts';

/** The real command-line programs, run with plain node as an operator runs them. */
export const CONSOLE_BIN = fileURLToPath(
  new URL('bin/plantwatch-console.js', import.meta.resolve('@plantwatch/console/package.json')),
);
export const AGENT_BIN = fileURLToPath(
  new URL('bin/plantwatch-agent.js', import.meta.resolve('@plantwatch/agent/package.json')),
);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; a non-zero exit is a result, not an error. */
export async function runCli(bin: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      timeout: 60_000,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

export interface ConsoleProcess {
  child: ChildProcess;
  httpUrl: string;
  mqttUrl: string;
  stderr(): string;
  /** SIGTERM, or the signal given; resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `plantwatch-console` on free ports; resolves once it prints where it listens. */
export async function startConsoleProcess(
  dataDir: string,
  extraArgs: string[] = [],
): Promise<ConsoleProcess> {
  const child = spawn(
    process.execPath,
    [
      CONSOLE_BIN,
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--mqtt-port',
      '0',
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Bounded: a test that floods the console with bad input makes it log a lot.
    stderr = (stderr + chunk.toString()).slice(-100_000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the console exited with ${String(code)} before it was ready:\n${stderr}`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      const match = /^Plantwatch console: (http:\/\/\S+) {2}\(MQTT for agents: (mqtts?:\/\/[^,\s]+)/.exec(
        line,
      );
      if (match) return { httpUrl: match[1] as string, mqttUrl: match[2] as string };
    }
    throw new Error('the console closed its output before it was ready');
  })();
  const urls = await Promise.race([ready, exited]);
  exited.catch(() => {});
  registerConsole(urls.httpUrl, dataDir);
  return {
    child,
    ...urls,
    stderr: () => stderr,
    stop: (signal = 'SIGTERM') => stopChild(child, signal),
  };
}

/** `plantwatch-agent run`; the log level defaults to warn (PLANTWATCH_LOG_LEVEL overrides). */
export function startAgentProcess(configFile: string): { child: ChildProcess; stop(): Promise<void> } {
  const child = spawn(process.execPath, [AGENT_BIN, 'run', '--config', configFile], {
    stdio: ['ignore', 'ignore', process.env.PLANTWATCH_LOG_LEVEL ? 'inherit' : 'ignore'],
    env: { ...process.env, PLANTWATCH_LOG_LEVEL: process.env.PLANTWATCH_LOG_LEVEL ?? 'warn' },
  });
  return { child, stop: () => stopChild(child, 'SIGTERM') };
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
