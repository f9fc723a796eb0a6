import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { issueApiToken } from './accounts-command.ts';
import { openDatabase } from './db/client.ts';
import { createConsoleCore } from './services/index.ts';
import { inventoryMessage } from './testing/messages.ts';
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

  it('refuses a config file that is not JSON with exit code 2', async () => {
    const temp = await createTempDir();
    try {
      await writeFile(`${temp.dir}/bad.json`, '{ severity:');
      const cli = run(['--config', `${temp.dir}/bad.json`, '--data-dir', temp.dir]);
      expect(await cli.exited).toBe(2);
      expect(cli.stderr()).toContain('--config');
    } finally {
      await temp.remove();
    }
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
      const config = `${temp.dir}/settings.json`;
      await writeFile(config, JSON.stringify({ severity: { config: 'high' }, historyRetentionDays: 30 }));
      const cli = run([
        '--data-dir',
        temp.dir,
        '--port',
        '0',
        '--mqtt-port',
        '0',
        '--log-level',
        'warn',
        '--config',
        config,
      ]);
      const output = await new Promise<string>((resolve, reject) => {
        cli.child.stdout?.on('data', () => {
          if (cli.stdout().includes('Broker CA fingerprint') && cli.stdout().endsWith('\n'))
            resolve(cli.stdout());
        });
        cli.child.once('exit', () => reject(new Error(`exited early: ${cli.stderr()}`)));
      });
      const [first, line] = output.split('\n');
      // An empty database: the first admin, with a one-time password printed once.
      const password = /^First start: sign in as "admin" with the one-time password (\S{20})$/.exec(
        first ?? '',
      )?.[1];
      expect(password).toBeDefined();
      expect(line).toMatch(
        /^Plantwatch console: http:\/\/127\.0\.0\.1:\d+ {2}\(MQTT for agents: mqtts:\/\/127\.0\.0\.1:\d+, data: .+\)$/,
      );
      // The broker's CA (made at first start), for a technician to compare when enrolling.
      expect(output).toMatch(/^Broker CA fingerprint \(SHA-256\): ([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
      const url = /http:\/\/[\d.:]+/.exec(line ?? '')?.[0];
      const response = await fetch(`${url}/api/v1/health`);
      expect(await response.json()).toMatchObject({ status: 'ok' });
      expect((await fetch(`${url}/api/v1/settings`)).status).toBe(401);
      const signIn = await fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'admin', password: password ?? '' }).toString(),
      });
      // Signed in, but sent to choose a password of its own first.
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get('Location')).toBe('/account/password');
      const auth = {
        headers: { Authorization: `Bearer ${issueApiToken(temp.dir, { name: 'cli-test', role: 'admin' })}` },
      };
      const settings = await (await fetch(`${url}/api/v1/settings`, auth)).json();
      expect(settings).toMatchObject({
        severity: { config: 'high', firmware: 'high' },
        historyRetentionDays: 30,
      });
      const audit = await (await fetch(`${url}/api/v1/audit?actor=config-file`, auth)).json();
      expect(audit).toMatchObject({ total: 1, items: [{ action: 'settings.updated' }] });
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      await temp.remove();
    }
  });
});

describe('plantwatch-console audit verify', () => {
  it('exits 0 on an intact log, 1 after one row is tampered with, 3 without a database', async () => {
    const temp = await createTempDir();
    try {
      const database = openDatabase(temp.dir);
      const { ingest, services } = createConsoleCore({ db: database.db });
      ingest.ingest(inventoryMessage({ seq: 1 }));
      services.settings.update({ unreachableAfterPolls: 5 }, 'alice');
      database.close();

      const intact = run(['audit', 'verify', '--data-dir', temp.dir]);
      expect(await intact.exited).toBe(0);
      expect(intact.stdout()).toMatch(/^audit log intact: 2 entries, head #2 [0-9a-f]{64}\n$/);

      const sqlite = new Database(`${temp.dir}/plantwatch.db`);
      sqlite.exec('drop trigger audit_log_no_update');
      sqlite.prepare(`update audit_log set actor = 'mallory' where seq = 1`).run();
      sqlite.close();
      const broken = run(['audit', 'verify', '--data-dir', temp.dir]);
      expect(await broken.exited).toBe(1);
      expect(broken.stdout()).toContain('audit log BROKEN at entry #1: its contents do not match its hash');

      const missing = run(['audit', 'verify', '--data-dir', `${temp.dir}/nothing-here`]);
      expect(await missing.exited).toBe(3);
      expect(missing.stderr()).toContain('cannot verify the audit log');
    } finally {
      await temp.remove();
    }
  });

  it('refuses an unknown audit command with exit code 2', async () => {
    const cli = run(['audit', 'erase']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain('unknown audit command');
  });
});
