import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const AGENT_DIR = path.resolve(import.meta.dirname, '..');

/** The bundle is what gateways run: it must build from the source and work without tsx. */
describe('the deployable agent bundle', () => {
  // Inside the package, so the external packages resolve from node_modules as they will on a gateway.
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds, and runs --version and validate with plain node', async () => {
    dir = await mkdtemp(path.join(AGENT_DIR, 'dist-test-'));
    const bundle = path.join(dir, 'plantwatch-agent.mjs');
    await run(process.execPath, [path.join(AGENT_DIR, 'scripts/build.mjs'), bundle]);
    expect((await run(process.execPath, [bundle, '--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const config = path.join(dir, 'agent.yaml');
    await writeFile(
      config,
      'siteId: s\nagentId: a\nmqtt: {url: "mqtt://127.0.0.1:1883"}\ntargets:\n  - {id: p, protocol: modbus, host: 10.0.0.5}\n',
    );
    const { stdout } = await run(process.execPath, [bundle, 'validate', '--config', config]);
    expect(stdout).toContain('1 target(s)');
  }, 30_000);
});
