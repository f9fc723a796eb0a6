import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadSampleTarget } from '@plantwatch/agent';
import { stringify } from 'yaml';
import { rssMiB, startChild } from './processes.ts';
import type { BenchResult } from './report.ts';

const AGENT_DIR = path.dirname(createRequire(import.meta.url).resolve('@plantwatch/agent/package.json'));

/**
 * Benchmark 7: resident memory of the agent as gateways run it (the esbuild bundle, plain node, no
 * TypeScript compiler), idle and while polling `devices` Modbus PLCs every 5 s, against a bare
 * Node.js process that only waits, measured the same way in the same run.
 */
export async function agentFootprint(options: { devices: number; sampleMs: number }): Promise<BenchResult> {
  const host = startChild(path.join(import.meta.dirname, 'sim-host.ts'), [String(options.devices)], {
    typescript: true,
  });
  const bare = startChild('-e', ['setInterval(() => {}, 1000); console.log("ready")']);
  try {
    const { ports } = JSON.parse(await host.line(/^\{"ports"/, 60_000)) as { ports: number[] };
    await bare.line(/ready/);
    const sample = await loadSampleTarget('modbus');
    const dir = await mkdtemp(path.join(tmpdir(), 'plantwatch-bench-footprint-'));
    const write = async (name: string, quiet: boolean) => {
      const file = path.join(dir, `${name}.yaml`);
      const hhmm = (d: Date) => d.toISOString().slice(11, 16);
      await writeFile(
        file,
        stringify(
          {
            siteId: 'bench',
            agentId: name,
            dataDir: `state-${name}`,
            // Nothing listens here: the outbox keeps the messages, as it would during an outage.
            mqtt: { url: 'mqtt://127.0.0.1:9' },
            polling: {
              maxConcurrentPolls: 8,
              // Idle: the whole run falls in quiet hours, so the agent is up but polls nothing.
              quietHours: quiet
                ? [
                    {
                      start: hhmm(new Date(Date.now() - 60_000)),
                      end: hhmm(new Date(Date.now() + 3_600_000)),
                      timeZone: 'UTC',
                    },
                  ]
                : [],
            },
            targets: ports.map((port, i) => ({
              ...sample,
              id: `plc-${i}`,
              host: '127.0.0.1',
              port,
              pollIntervalMs: 5_000,
            })),
          },
          { aliasDuplicateObjects: false },
        ),
      );
      return file;
    };
    const bundle = path.join(AGENT_DIR, 'dist', 'plantwatch-agent.mjs');
    await promisify(execFile)(process.execPath, [path.join(AGENT_DIR, 'scripts/build.mjs'), bundle]);
    const measure = async (name: string, quiet: boolean) => {
      const agent = startChild(bundle, ['run', '--config', await write(name, quiet)]);
      try {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        let peak = 0;
        for (let t = 0; t < options.sampleMs; t += 250) {
          // A figure from a process that is gone would be a lie: fail instead.
          if (agent.process.exitCode !== null)
            throw new Error(`the agent exited (${agent.process.exitCode}): ${agent.stderr()}`);
          peak = Math.max(peak, rssMiB(agent.process.pid as number));
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        return peak;
      } finally {
        await agent.stop();
      }
    };
    const bareMiB = rssMiB(bare.process.pid as number);
    const idle = await measure('idle', true);
    const polling = await measure('polling', false);
    return {
      id: 'agent-footprint',
      title: `Agent memory, ${options.devices} Modbus targets`,
      goal: '<= 80 MB without OPC UA',
      measured: { label: 'agent peak RSS while polling', value: polling, unit: 'MiB' },
      baseline: { label: 'bare Node.js process', value: bareMiB, unit: 'MiB' },
      ratio: polling / bareMiB,
      met: polling <= 80,
      details: [
        `Idle (agent running, all targets in quiet hours): ${idle.toFixed(1)} MiB; polling ${options.devices} targets every 5 s with 8 polls at once: peak ${polling.toFixed(1)} MiB over ${options.sampleMs / 1000} s.`,
        'The agent runs as built by `npm run build -w @plantwatch/agent` (what gateways run); RSS includes any child processes.',
        'The issue asks for 200 Modbus plus 20 SNMP targets; this figure has the 200 Modbus targets only (SNMP targets not added to the benchmark yet).',
      ],
    };
  } finally {
    await bare.stop();
    await host.stop();
  }
}
