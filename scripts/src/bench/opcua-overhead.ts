import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSampleTarget, parseAgentConfig, scanTargets } from '@plantwatch/agent';
import type { AssetSnapshot } from '@plantwatch/protocol';
import { createLogger } from '@plantwatch/shared';
import { BENCH_MAX_REFERENCES, BENCH_PROGRAM_SIZE } from './opcua-plc.ts';
import { type LoggedOpcuaRequest, loadAgentOpcuaLibrary, replayPoll } from './opcua-replay.ts';
import { ask, startChild } from './processes.ts';
import { type BenchResult, percentile } from './report.ts';

/**
 * Benchmark 3: the agent's OPC UA poll (identity from ServerStatus, BuildInfo and the DI DeviceSet,
 * then the bounded structure browse) of a simulated PLC, against a bare node-opcua client that
 * replays exactly the requests the server logged for an agent poll. Like the agent, both sides open
 * a session per poll and close it; node-opcua is loaded before timing starts. The sides take turns,
 * one poll each; after every poll the server's log must hold exactly the script again, the same
 * requests in the same order. The server lives in a child process.
 */
export async function opcuaOverhead(options: { polls: number }): Promise<BenchResult> {
  const host = startChild(path.join(import.meta.dirname, 'opcua-host.ts'), ['1'], { typescript: true });
  const pkiDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-bench-opcua-'));
  try {
    const { ports } = JSON.parse(await host.line(/^\{"ports"/, 60_000)) as { ports: number[] };
    const port = ports[0] as number;
    const command = (name: 'clear' | 'log') => ask<{ requests?: LoggedOpcuaRequest[] }>(host, name);
    const serverLog = async () => (await command('log')).requests ?? [];

    const sample = await loadSampleTarget('opcua');
    const config = parseAgentConfig({
      siteId: 'bench',
      agentId: 'bench',
      mqtt: { url: 'mqtt://127.0.0.1:9' },
      // The sample's browse bounds and identity reads; no configured nodes (the sample's name
      // another PLC's program), security None, and no request gap: this measures overhead.
      targets: [
        {
          ...sample,
          id: 'press',
          host: '127.0.0.1',
          port,
          securityMode: 'none',
          securityPolicy: 'None',
          identity: { type: 'anonymous' },
          pkiDir: path.join(pkiDir, 'agent'),
          nodes: [],
          minRequestGapMs: 0,
        },
      ],
    });
    const logger = createLogger({ name: 'bench', level: 'silent' });
    let snapshot: AssetSnapshot | undefined;
    const agentPoll = async () => {
      [snapshot] = await scanTargets(config.targets, logger);
      if (!snapshot?.poll.ok) throw new Error(`agent poll failed: ${snapshot?.poll.error?.message}`);
      if (!snapshot.identity.serial)
        throw new Error('the agent poll read no serial number from the DeviceSet');
    };

    // One agent poll (it also loads node-opcua) gives the script the bare client replays.
    await command('clear');
    await agentPoll();
    const script = await serverLog();
    const count = (service: string) => script.filter((r) => r.service === `${service}Request`).length;
    if (count('BrowseNext') === 0)
      throw new Error('the agent poll sent no BrowseNext: the benchmark would not cover it');

    const { lib, CertificateManager } = loadAgentOpcuaLibrary();
    const certificates = new CertificateManager({ rootFolder: path.join(pkiDir, 'bare') });
    await certificates.initialize();
    // A client per poll, as the agent: a client that connects again skips GetEndpoints.
    const newClient = () =>
      lib.OPCUAClient.create({
        applicationName: 'bench-bare-client',
        clientCertificateManager: certificates as never,
        securityMode: lib.MessageSecurityMode.None,
        securityPolicy: lib.SecurityPolicy.None,
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
        requestedSessionTimeout: 60_000,
        keepSessionAlive: false,
      });
    const endpointUrl = `opc.tcp://127.0.0.1:${port}`;
    const barePoll = () => replayPoll(lib, newClient(), endpointUrl, script);

    // Each poll, of either side, must have sent exactly the script: the same requests in order.
    const received = { agent: 0, bare: 0 };
    const verified = async (side: keyof typeof received, poll: () => Promise<unknown>) => {
      await command('clear');
      const started = performance.now();
      await poll();
      const elapsed = performance.now() - started;
      const log = await serverLog();
      if (JSON.stringify(log) !== JSON.stringify(script)) {
        const at = log.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(script[i]));
        throw new Error(
          `a ${side} poll sent ${log.length} requests where the first agent poll sent ${script.length}; request ${at} was ${JSON.stringify(log[at])?.slice(0, 300)}`,
        );
      }
      received[side] += log.length;
      return elapsed;
    };
    await verified('bare', barePoll);
    received.bare = 0;

    const agentMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < options.polls; i += 1) {
      // One poll a side, taking turns at going first: drift on the machine hits both alike.
      if (i % 2 === 0) {
        agentMs.push(await verified('agent', agentPoll));
        bareMs.push(await verified('bare', barePoll));
      } else {
        bareMs.push(await verified('bare', barePoll));
        agentMs.push(await verified('agent', agentPoll));
      }
    }
    await certificates.dispose();

    const agent = percentile(agentMs, 50);
    const bare = percentile(bareMs, 50);
    const ratio = agent / bare;
    const { polls } = options;
    const breakdown = [
      ['GetEndpoints', count('GetEndpoints')],
      ['CreateSession + ActivateSession', count('CreateSession') + count('ActivateSession')],
      ['Read', count('Read')],
      ['TranslateBrowsePaths', count('TranslateBrowsePathsToNodeIds')],
      ['Browse', count('Browse')],
      ['BrowseNext', count('BrowseNext')],
      ['CloseSession', count('CloseSession')],
    ]
      .map(([name, n]) => `${n} ${name}`)
      .join(', ');
    return {
      id: 'opcua-overhead',
      title: 'Agent poll overhead (OPC UA)',
      goal: '<= 1.15x',
      measured: {
        label: `agent poll, identity + bounded browse, median of ${polls}`,
        value: agent,
        unit: 'ms',
      },
      baseline: { label: 'bare node-opcua client, same requests', value: bare, unit: 'ms' },
      ratio,
      met: ratio <= 1.15,
      details: [
        `Per poll, on both sides: a new connection and session (the collector opens one per poll), ${script.length} requests (${breakdown}), disconnect; the agent's snapshot holds ${snapshot?.values.length} values and the identity ${snapshot?.identity.vendor} ${snapshot?.identity.model}, serial ${snapshot?.identity.serial}.`,
        `The server's log, read after every poll, held the same ${script.length} requests in the same order for each of the ${polls} agent polls and ${polls} bare polls (${received.agent} and ${received.bare} requests).`,
        `p95: agent ${percentile(agentMs, 95).toFixed(1)} ms, bare ${percentile(bareMs, 95).toFixed(1)} ms; one poll a side in turn, taking turns at going first, after one untimed poll a side (loading node-opcua, making the client certificates).`,
        `Simulated PLC: standard and DI nodesets, 2 DI devices, ${BENCH_PROGRAM_SIZE} setpoints and ${BENCH_PROGRAM_SIZE} process values, Browse replies paged after ${BENCH_MAX_REFERENCES} references; security None, anonymous; the server in its own process.`,
      ],
    };
  } finally {
    await host.stop();
    await rm(pkiDir, { recursive: true, force: true });
  }
}
