import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadSampleTarget } from '@plantwatch/agent';
import { stringify } from 'yaml';
import { ask, type Child, rssMiB, startChild } from './processes.ts';
import type { BenchResult } from './report.ts';

const AGENT_DIR = path.dirname(createRequire(import.meta.url).resolve('@plantwatch/agent/package.json'));
const POLL_INTERVAL_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FootprintOptions {
  modbus: number;
  snmp: number;
  opcua: number;
  sampleMs: number;
}

/**
 * Benchmark 7: resident memory of the agent as gateways run it (the esbuild bundle, plain node, no
 * TypeScript compiler) with `modbus` PLCs and `snmp` switches: idle (every target in quiet hours)
 * and while polling them all every 5 s, then with `opcua` OPC UA PLCs added. The baseline is a bare
 * Node.js process that only waits, measured the same way in the same run. The goal is for the
 * polling figure without OPC UA. The devices live in child processes of their own.
 */
export async function agentFootprint(options: FootprintOptions): Promise<BenchResult> {
  const hosts = {
    modbus: startChild(path.join(import.meta.dirname, 'sim-host.ts'), [String(options.modbus)], {
      typescript: true,
    }),
    // 24-port access switches with 20 learned hosts each.
    snmp: startChild(path.join(import.meta.dirname, 'snmp-host.ts'), ['24', '20', String(options.snmp)], {
      typescript: true,
    }),
    opcua: startChild(path.join(import.meta.dirname, 'opcua-host.ts'), [String(options.opcua)], {
      typescript: true,
    }),
  };
  const bare = startChild('-e', ['setInterval(() => {}, 1000); console.log("ready")']);
  const dir = await mkdtemp(path.join(tmpdir(), 'plantwatch-bench-footprint-'));
  try {
    const portsOf = async (host: Child) =>
      (JSON.parse(await host.line(/^\{"ports?"/, 120_000)) as { ports: number[] }).ports;
    const ports = {
      modbus: await portsOf(hosts.modbus),
      snmp: await portsOf(hosts.snmp),
      opcua: await portsOf(hosts.opcua),
    };
    await bare.line(/ready/);
    const samples = {
      modbus: await loadSampleTarget('modbus'),
      snmp: await loadSampleTarget('snmp'),
      opcua: await loadSampleTarget('opcua'),
    };
    const targets = {
      modbus: ports.modbus.map((port, i) => ({ ...samples.modbus, id: `plc-${i}`, host: '127.0.0.1', port })),
      snmp: ports.snmp.map((port, i) => {
        const { communityEnv: _env, ...sample } = samples.snmp;
        return { ...sample, id: `switch-${i}`, host: '127.0.0.1', port, community: 'bench' };
      }),
      // The sample's identity reads and bounded browse; security None, no configured nodes.
      opcua: ports.opcua.map((port, i) => ({
        ...samples.opcua,
        id: `opcua-plc-${i}`,
        host: '127.0.0.1',
        port,
        securityMode: 'none',
        securityPolicy: 'None',
        identity: { type: 'anonymous' },
        nodes: [],
      })),
    };

    const write = async (name: string, quiet: boolean, withOpcua: boolean) => {
      const file = path.join(dir, `${name}.yaml`);
      const hhmm = (d: Date) => d.toISOString().slice(11, 16);
      const list = [...targets.modbus, ...targets.snmp, ...(withOpcua ? targets.opcua : [])];
      const config = {
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
        targets: list.map((target) => ({ ...target, pollIntervalMs: POLL_INTERVAL_MS })),
      };
      await writeFile(file, stringify(config, { aliasDuplicateObjects: false }));
      return file;
    };
    const bundle = path.join(AGENT_DIR, 'dist', 'plantwatch-agent.mjs');
    await promisify(execFile)(process.execPath, [path.join(AGENT_DIR, 'scripts/build.mjs'), bundle]);

    const requests = async () => {
      const count = async (host: Child) => (await ask<{ requests: number }>(host, 'requests')).requests;
      return {
        modbus: await count(hosts.modbus),
        snmp: await count(hosts.snmp),
        opcua: await count(hosts.opcua),
      };
    };
    const measure = async (name: string, quiet: boolean, withOpcua: boolean) => {
      const before = await requests();
      const agent = startChild(bundle, ['run', '--config', await write(name, quiet, withOpcua)]);
      // Failed polls are logged (warn), successful ones are not; a failure is reported, not hidden.
      let failed = 0;
      agent.process.stderr?.on('data', (chunk: Buffer) => {
        failed += chunk.toString().split('"msg":"poll failed"').length - 1;
      });
      try {
        await sleep(3_000);
        let peak = 0;
        for (let t = 0; t < options.sampleMs; t += 250) {
          // A figure from a process that is gone would be a lie: fail instead.
          if (agent.process.exitCode !== null)
            throw new Error(`the agent exited (${agent.process.exitCode}): ${agent.stderr()}`);
          peak = Math.max(peak, rssMiB(agent.process.pid as number));
          await sleep(250);
        }
        const after = await requests();
        const received = {
          modbus: after.modbus - before.modbus,
          snmp: after.snmp - before.snmp,
          opcua: after.opcua - before.opcua,
        };
        const expectPolled = (protocol: keyof typeof received, polled: boolean) => {
          if (polled !== received[protocol] > 0)
            throw new Error(`${name}: the ${protocol} devices received ${received[protocol]} requests`);
        };
        expectPolled('modbus', !quiet);
        expectPolled('snmp', !quiet);
        expectPolled('opcua', withOpcua && !quiet);
        return { peak, received, failed };
      } finally {
        await agent.stop();
      }
    };
    const bareMiB = rssMiB(bare.process.pid as number);
    const idle = await measure('idle', true, false);
    const polling = await measure('polling', false, false);
    const withOpcua = await measure('polling-opcua', false, true);
    const fleet = `${options.modbus} Modbus + ${options.snmp} SNMP targets`;
    const mib = (value: number) => `${value.toFixed(1)} MiB`;
    return {
      id: 'agent-footprint',
      title: `Agent memory, ${fleet}`,
      goal: '<= 80 MB without OPC UA',
      measured: { label: 'agent peak RSS while polling', value: polling.peak, unit: 'MiB' },
      baseline: { label: 'bare Node.js process', value: bareMiB, unit: 'MiB' },
      ratio: polling.peak / bareMiB,
      met: polling.peak <= 80,
      details: [
        `Idle (agent running, every target in quiet hours): ${mib(idle.peak)}; polling every target every ${POLL_INTERVAL_MS / 1000} s with 8 polls at once: peak ${mib(polling.peak)} over ${options.sampleMs / 1000} s.`,
        `With ${options.opcua} OPC UA target${options.opcua === 1 ? '' : 's'} added (node-opcua loads at the first OPC UA poll): peak ${mib(withOpcua.peak)}.`,
        `Requests the devices received during the run: ${polling.received.modbus} Modbus and ${polling.received.snmp} SNMP; with OPC UA ${withOpcua.received.modbus} Modbus, ${withOpcua.received.snmp} SNMP, ${withOpcua.received.opcua} OPC UA. Polls that failed (agent log): ${polling.failed} without OPC UA, ${withOpcua.failed} with.`,
        'The agent runs as built by `npm run build -w @plantwatch/agent` (what gateways run); RSS includes any child processes. Switches: 24 ports, 20 learned hosts; OPC UA PLCs as in the OPC UA benchmark.',
      ],
    };
  } finally {
    await bare.stop();
    await Promise.all(Object.values(hosts).map((host) => host.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}
