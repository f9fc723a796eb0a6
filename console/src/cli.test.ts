import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDir } from './testing/temp-dir.ts';

const BIN = fileURLToPath(new URL('../bin/plantwatch-console.js', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('plantwatch-console command', () => {
  it('prints usage for --help and exits 0', async () => {
    const cli = run(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('Usage: plantwatch-console [options]');
    expect(cli.stdout()).toContain('--mqtt-url <url>');
  });

  it('refuses a bad option with exit code 2 and a usage hint', async () => {
    const cli = run(['--bogus']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain("Unknown option '--bogus'");
    expect(cli.stderr()).toContain('plantwatch-console --help');
  });

  it('starts, prints where it listens, serves, and stops on SIGTERM', async () => {
    const temp = await createTempDir();
    try {
      const cli = run(['--data-dir', temp.dir, '--port', '0', '--mqtt-port', '0', '--log-level', 'warn']);
      const line = await new Promise<string>((resolve, reject) => {
        cli.child.stdout?.on('data', () => {
          if (cli.stdout().includes('\n')) resolve(cli.stdout());
        });
        cli.child.once('exit', () => reject(new Error(`exited early: ${cli.stderr()}`)));
      });
      expect(line).toMatch(
        /^Plantwatch console: http:\/\/127\.0\.0\.1:\d+ {2}\(MQTT for agents: mqtt:\/\/127\.0\.0\.1:\d+, data: .+\)\n$/,
      );
      const url = /http:\/\/[\d.:]+/.exec(line)?.[0];
      const response = await fetch(`${url}/api/v1/health`);
      expect(await response.json()).toMatchObject({ status: 'ok' });
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      await temp.remove();
    }
  });
});
