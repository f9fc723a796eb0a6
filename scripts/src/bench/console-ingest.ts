import path from 'node:path';
import { ALL_AGENT_TOPICS } from '@plantwatch/protocol';
import { connectAsync } from 'mqtt';
import { startFleet } from '../fleet/fleet.ts';
import { startConsoleProcess } from './console-process.ts';
import { startChild } from './processes.ts';
import type { BenchResult } from './report.ts';
import { waitUntil } from './wait-until.ts';

interface Load {
  agents: number;
  assetsPerAgent: number;
  cycles: number;
}

/**
 * Benchmark 4: inventory snapshots per second from many simulated agents through the broker into
 * SQLite (the real console process, embedded broker, validation, idempotent ingest), against the
 * same messages moved by a plain aedes broker in its own process to a plain QoS 1 subscriber.
 * One snapshot per message, as real agents send them. Then 1,000 agents connected at once.
 */
export async function consoleIngest(load: Load, crowd: Load): Promise<BenchResult> {
  const fleetOptions = (mqttUrl: string, l: Load, seed: number) => ({
    mqttUrl,
    sites: Math.ceil(l.agents / 10),
    agentsPerSite: Math.min(10, l.agents),
    assetsPerAgent: l.assetsPerAgent,
    assetsPerMessage: 1,
    driftRate: 0,
    seed,
  });
  const messages = (l: Load) =>
    Math.ceil(l.agents / 10) * Math.min(10, l.agents) * l.assetsPerAgent * l.cycles;

  // Baseline: raw broker -> plain subscriber.
  const raw = startChild(path.join(import.meta.dirname, 'raw-broker.ts'), [], { typescript: true });
  let rawRate: number;
  try {
    const { port } = JSON.parse(await raw.line(/^\{"port"/)) as { port: number };
    const url = `mqtt://127.0.0.1:${port}`;
    const subscriber = await connectAsync(url, { clientId: 'bench-subscriber' });
    let received = 0;
    subscriber.on('message', (topic) => {
      if (topic.endsWith('/inventory')) received += 1;
    });
    await subscriber.subscribeAsync(ALL_AGENT_TOPICS, { qos: 1 });
    const fleet = await startFleet(fleetOptions(url, load, 1));
    const started = performance.now();
    for (let c = 0; c < load.cycles; c += 1) await fleet.cycle();
    await waitUntil(() => received >= messages(load), 120_000, 10);
    rawRate = messages(load) / ((performance.now() - started) / 1000);
    await fleet.close();
    await subscriber.endAsync();
  } finally {
    await raw.stop();
  }

  // The console.
  const console_ = await startConsoleProcess();
  try {
    const accepted = async () =>
      (await console_.json<{ ingest: { accepted: number } }>('/api/v1/health')).ingest.accepted;
    const fleet = await startFleet(fleetOptions(console_.mqttUrl, load, 2));
    const base = await waitStable(accepted);
    const started = performance.now();
    for (let c = 0; c < load.cycles; c += 1) await fleet.cycle();
    await waitUntil(async () => (await accepted()) - base >= messages(load), 300_000, 20);
    const consoleRate = messages(load) / ((performance.now() - started) / 1000);
    await fleet.close();

    // 1,000 agents at once: does ingest keep up with what they send?
    const crowdFleet = await startFleet(fleetOptions(console_.mqttUrl, crowd, 3));
    const crowdBase = await waitStable(accepted);
    const crowdStarted = performance.now();
    for (let c = 0; c < crowd.cycles; c += 1) {
      const cycleStarted = performance.now();
      await crowdFleet.cycle();
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, 1_000 - (performance.now() - cycleStarted))),
      );
    }
    const published = performance.now();
    await waitUntil(async () => (await accepted()) - crowdBase >= messages(crowd), 300_000, 20);
    const lagMs = performance.now() - published;
    const offered = messages(crowd) / ((published - crowdStarted) / 1000);
    await crowdFleet.close();

    const ratio = consoleRate / rawRate;
    return {
      id: 'console-ingest',
      title: 'Console ingest rate',
      goal: '>= 0.5x the raw broker, and keeps up at 1,000 agents',
      measured: { label: 'console: broker + validation + SQLite', value: consoleRate, unit: 'snapshots/s' },
      baseline: { label: 'raw aedes to a plain subscriber', value: rawRate, unit: 'snapshots/s' },
      ratio,
      met: ratio >= 0.5 && lagMs < 5_000,
      details: [
        `${messages(load)} inventory messages (one snapshot each, about 1.3 KB) from ${load.agents} agents, QoS 1.`,
        `${crowd.agents} agents connected at once sending ${offered.toFixed(0)} snapshots/s for ${crowd.cycles} s: the console had stored everything ${lagMs.toFixed(0)} ms after the last publish was acknowledged.`,
        'Publishers run in the benchmark process on the same 2-core machine as the broker and the console.',
      ],
    };
  } finally {
    await console_.child.stop();
  }
}

/** The count once it stops moving (status messages of freshly connected agents). */
async function waitStable(read: () => Promise<number>): Promise<number> {
  let last = await read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await read();
    if (now === last) return now;
    last = now;
  }
}
