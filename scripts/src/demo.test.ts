import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITES, UNAUTHORIZED_CHANGE } from './demo-plant.ts';

const DEMO = path.join(import.meta.dirname, 'demo.ts');

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('npm run demo', () => {
  it('runs the console, the simulated plant and real agents, shows the unauthorized change, and stops on Ctrl-C', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-demo-'));
    const args = [
      '--port',
      '0',
      '--mqtt-port',
      '0',
      '--data-dir',
      dataDir,
      '--poll-interval-ms',
      '1000',
      '--change-after-ms',
      '3000',
    ];
    // Its own process group: if the test fails, the demo's console and agents go down with it.
    const demo = spawn(process.execPath, ['--import', 'tsx', DEMO, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    demo.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    demo.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    try {
      const url = await until(
        'the demo URL',
        async () => /Plantwatch demo is running: (\S+)/.exec(output)?.[1],
      );
      // Signed in as a person would: the demo prints its account, the console answers with a cookie.
      const password = /Sign in as "demo" with the password (\S+)/.exec(output)?.[1] ?? '';
      const signIn = await fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'demo', password }).toString(),
      });
      expect(signIn.status).toBe(303);
      const cookie = { Cookie: (signIn.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '' };
      expect((await fetch(`${url}/api/v1/sites`)).status).toBe(401);
      const api = async <T>(p: string): Promise<T> => {
        const response = await fetch(`${url}${p}`, { headers: cookie });
        if (!response.ok) throw new Error(`${p}: ${response.status}`);
        return (await response.json()) as T;
      };
      const expectedAssets = DEMO_SITES.reduce((n, site) => n + site.plcs.length, 0);
      await until('every demo PLC in the console', async () => {
        const sites = await api<{ items: { assetCount: number }[] }>('/api/v1/sites');
        return sites.items.reduce((n, s) => n + s.assetCount, 0) === expectedAssets ? true : undefined;
      });
      const drift = await until('the unauthorized change as drift', async () => {
        const { items } = await api<{ items: { assetId: string; changes: { path: string }[] }[] }>(
          `/api/v1/drift?siteId=${UNAUTHORIZED_CHANGE.siteId}`,
        );
        return items.find((item) => item.assetId === UNAUTHORIZED_CHANGE.assetId);
      });
      expect(drift.changes.map((c) => c.path)).toEqual([`setpoints[${UNAUTHORIZED_CHANGE.register - 100}]`]);
      expect(output).toContain('Unauthorized change: plant-north/press-01');
      // The agents were enrolled and report over TLS, verifying the broker with the console's CA.
      expect(output).toMatch(
        /MQTT broker for agents: mqtts:\/\/\S+ \(TLS; CA fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}\)/,
      );
      // Every page renders on demo data, and the drift pages show the changed value's path.
      const site = UNAUTHORIZED_CHANGE.siteId;
      for (const page of [
        '/',
        `/sites/${site}`,
        `/sites/${site}/assets/${UNAUTHORIZED_CHANGE.assetId}`,
        '/drift',
      ]) {
        const response = await fetch(`${url}${page}`, { headers: cookie });
        expect(response.status, page).toBe(200);
        const html = await response.text();
        if (page !== '/') expect(html, page).toContain(`setpoints[${UNAUTHORIZED_CHANGE.register - 100}]`);
      }

      demo.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('Stopped.');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      if (demo.exitCode === null && demo.pid !== undefined) process.kill(-demo.pid, 'SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
