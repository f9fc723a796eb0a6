import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAgentConfig, planTargets, scanTargets } from '@plantwatch/agent';
import { createLogger } from '@plantwatch/shared';
import { startChild } from './processes.ts';
import { type BenchResult, percentile } from './report.ts';

const run = promisify(execFile);

/**
 * Benchmark 2: one SNMP inventory poll of a large switch (IF, FDB and ARP tables with thousands of
 * rows) by the agent, against Debian's snmpbulkwalk of exactly the subtrees the agent walks, with
 * the same max-repetitions, one walk after another. snmpbulkwalk is a process per subtree: its
 * start-up, measured in the same run on a one-value walk, is subtracted.
 */
export async function snmpInventory(options: {
  ports: number;
  hosts: number;
  rounds: number;
}): Promise<BenchResult> {
  const host = startChild(
    path.join(import.meta.dirname, 'snmp-host.ts'),
    [String(options.ports), String(options.hosts)],
    { typescript: true },
  );
  try {
    const { port } = JSON.parse(await host.line(/^\{"port"/, 60_000)) as { port: number };
    const config = parseAgentConfig({
      siteId: 'bench',
      agentId: 'bench',
      mqtt: { url: 'mqtt://127.0.0.1:9' },
      targets: [
        {
          id: 'switch',
          protocol: 'snmp',
          host: '127.0.0.1',
          port,
          version: '2c',
          community: 'bench',
          minRequestGapMs: 0,
          maxRepetitions: 20,
          maxRowsPerTable: 50_000,
          timeoutMs: 5_000,
        },
      ],
    });
    const logger = createLogger({ name: 'bench', level: 'silent' });
    // The subtrees the agent walks, from its own plan: `snmp v2c GetBulk <oid> max-repetitions 20`.
    const walks = [
      ...new Set(
        (planTargets(config.targets)[0]?.requests ?? [])
          .map((line) => /GetBulk (\S+)/.exec(line)?.[1])
          .filter((oid): oid is string => Boolean(oid)),
      ),
    ];
    const getOids = (planTargets(config.targets)[0]?.requests ?? []).filter((line) =>
      / Get /.test(line),
    ).length;
    const bulkwalk = (oid: string, repetitions = 20) =>
      run(
        'snmpbulkwalk',
        [
          '-v2c',
          '-c',
          'bench',
          `-Cr${repetitions}`,
          '-On',
          '-Oq',
          '-t',
          '5',
          '-r',
          '0',
          `127.0.0.1:${port}`,
          oid,
        ],
        { maxBuffer: 64 * 2 ** 20 },
      );
    let values = 0;
    const agentRound = async () => {
      const [snapshot] = await scanTargets(config.targets, logger);
      if (!snapshot?.poll.ok) throw new Error(`agent poll failed: ${snapshot?.poll.error?.message}`);
      values = snapshot.values.length + (snapshot.links?.length ?? 0);
    };
    let rows = 0;
    const walkRound = async () => {
      rows = 0;
      for (const oid of walks) rows += (await bulkwalk(oid)).stdout.split('\n').filter(Boolean).length;
    };
    const startupRound = async () => {
      await bulkwalk('1.3.6.1.2.1.1.1', 1);
    };
    const agentMs: number[] = [];
    const walkMs: number[] = [];
    const startupMs: number[] = [];
    await agentRound();
    await walkRound();
    for (let round = 0; round < options.rounds; round += 1) {
      for (const [work, into] of [
        [agentRound, agentMs],
        [walkRound, walkMs],
        [startupRound, startupMs],
      ] as const) {
        const started = performance.now();
        await work();
        into.push(performance.now() - started);
      }
    }
    const agent = percentile(agentMs, 50);
    const startup = percentile(startupMs, 50);
    const walked = percentile(walkMs, 50) - walks.length * startup;
    const ratio = agent / walked;
    return {
      id: 'snmp-inventory',
      title: 'SNMP switch inventory',
      goal: '<= 1.0x',
      measured: { label: 'agent poll, median', value: agent, unit: 'ms' },
      baseline: {
        label: `snmpbulkwalk of the same ${walks.length} subtrees, start-up subtracted`,
        value: walked,
        unit: 'ms',
      },
      ratio,
      met: ratio <= 1.0,
      details: [
        `Simulated switch: ${options.ports} ports, ${options.hosts} learned hosts (forwarding and ARP rows); ${rows} rows walked by snmpbulkwalk, ${values} values and links in the agent's snapshot.`,
        `The agent also sends ${getOids} Get request(s) for scalars; snmpbulkwalk raw median ${percentile(walkMs, 50).toFixed(0)} ms including ${walks.length} process start-ups of ${startup.toFixed(1)} ms each.`,
        'v2c, max-repetitions 20 on both sides, the switch simulator in its own process.',
      ],
    };
  } finally {
    await host.stop();
  }
}
