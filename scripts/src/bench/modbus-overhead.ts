import path from 'node:path';
import { loadSampleTarget, parseAgentConfig, scanTargets } from '@plantwatch/agent';
import { createLogger } from '@plantwatch/shared';
import modbus from 'modbus-serial';
import { startChild } from './processes.ts';
import { type BenchResult, percentile } from './report.ts';

/**
 * Benchmark 1: the agent polling N simulated PLCs (identification + the sample's five register
 * blocks) against a bare modbus-serial loop issuing exactly the same reads: same devices, same
 * parallelism (devices at once, requests to one device one after another), rounds interleaved so
 * that drift on the machine hits both alike. Devices live in a child process.
 */
export async function modbusOverhead(options: { devices: number; rounds: number }): Promise<BenchResult> {
  const host = startChild(path.join(import.meta.dirname, 'sim-host.ts'), [String(options.devices)], {
    typescript: true,
  });
  try {
    const { ports } = JSON.parse(await host.line(/^\{"ports"/)) as { ports: number[] };
    const sample = await loadSampleTarget('modbus');
    const config = parseAgentConfig({
      siteId: 'bench',
      agentId: 'bench',
      mqtt: { url: 'mqtt://127.0.0.1:9' },
      // No request gap: this measures overhead, not politeness.
      targets: ports.map((port, i) => ({
        ...sample,
        id: `plc-${i}`,
        host: '127.0.0.1',
        port,
        minRequestGapMs: 0,
      })),
    });
    const logger = createLogger({ name: 'bench', level: 'silent' });
    const agentRound = async () => {
      const snapshots = await scanTargets(config.targets, logger);
      if (!snapshots.every((s) => s.poll.ok)) throw new Error('an agent poll failed during the benchmark');
    };
    const bareRound = () => Promise.all(ports.map((port) => bareReads(port)));
    const agentMs: number[] = [];
    const bareMs: number[] = [];
    await agentRound();
    await bareRound();
    for (let round = 0; round < options.rounds; round += 1) {
      for (const [run, into] of round % 2 === 0
        ? ([
            [agentRound, agentMs],
            [bareRound, bareMs],
          ] as const)
        : ([
            [bareRound, bareMs],
            [agentRound, agentMs],
          ] as const)) {
        const started = performance.now();
        await run();
        into.push(performance.now() - started);
      }
    }
    const agent = percentile(agentMs, 50);
    const bare = percentile(bareMs, 50);
    const ratio = agent / bare;
    return {
      id: 'modbus-overhead',
      title: 'Agent poll overhead (Modbus)',
      goal: '<= 1.15x',
      measured: {
        label: `agent, ${options.devices} PLCs, median of ${options.rounds} rounds`,
        value: agent,
        unit: 'ms',
      },
      baseline: { label: 'bare modbus-serial loop, same reads', value: bare, unit: 'ms' },
      ratio,
      met: ratio <= 1.15,
      details: [
        `Each round: ${options.devices} devices at once, 6 requests per device (FC 43/14, 4 x FC 3, FC 4), connect and close per device.`,
        `p95: agent ${percentile(agentMs, 95).toFixed(1)} ms, bare ${percentile(bareMs, 95).toFixed(1)} ms.`,
      ],
    };
  } finally {
    await host.stop();
  }
}

async function bareReads(port: number): Promise<void> {
  const client = new modbus.default();
  await client.connectTCP('127.0.0.1', { port });
  client.setID(1);
  client.setTimeout(2_000);
  await client.readDeviceIdentification(1, 0);
  await client.readHoldingRegisters(100, 10);
  await client.readHoldingRegisters(200, 8);
  await client.readHoldingRegisters(210, 2);
  await client.readHoldingRegisters(220, 2);
  await client.readInputRegisters(0, 10);
  await new Promise<void>((resolve) => client.close(() => resolve()));
}
