import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSampleTarget } from '@plantwatch/agent';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { stringify } from 'yaml';
import { type Child, startNode } from './child-process.ts';
import { createDemoAccount, describeDemoAccount } from './demo-account.ts';
import { enrollDemoAgent } from './demo-enroll.ts';
import { DEMO_SITES, UNAUTHORIZED_CHANGE } from './demo-plant.ts';

const USAGE = `npm run demo [-- options]

Starts the Plantwatch console (embedded MQTT broker, SQLite), a simulated plant of ${DEMO_SITES.length} sites with
${DEMO_SITES.reduce((n, s) => n + s.plcs.length, 0)} Modbus PLCs, and one real agent per site polling them. One PLC receives an
unauthorized setpoint change after a while, so drift shows up in the console. Stays up until Ctrl-C.

Options:
  --port <n>              console HTTP port (default 8080; 0 picks a free one)
  --mqtt-port <n>         embedded broker port, MQTT over TLS (default 8883; 0 picks a free one)
  --data-dir <dir>        where the console database, agent state and logs go (default ./data/demo)
  --poll-interval-ms <n>  agent poll interval (default 5000)
  --change-after-ms <n>   when the unauthorized change happens (default 60000)
  --keep-data             keep the data of an earlier run (default: start clean)
  -h, --help              show this help
`;

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const binOf = (pkg: string, bin: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'bin', bin);

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      'mqtt-port': { type: 'string', default: '8883' },
      'data-dir': { type: 'string', default: path.join(ROOT, 'data/demo') },
      'poll-interval-ms': { type: 'string', default: '5000' },
      'change-after-ms': { type: 'string', default: '60000' },
      'keep-data': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const number = (name: keyof typeof values, min: number) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name} must be an integer >= ${min}, got ${values[name]}`);
    return value;
  };
  return {
    help: values.help,
    port: number('port', 0),
    mqttPort: number('mqtt-port', 0),
    dataDir: path.resolve(values['data-dir']),
    pollIntervalMs: number('poll-interval-ms', 1_000),
    changeAfterMs: number('change-after-ms', 0),
    keepData: values['keep-data'],
  };
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!opts.keepData) await rm(opts.dataDir, { recursive: true, force: true });
  const logs = path.join(opts.dataDir, 'logs');
  await mkdir(logs, { recursive: true });
  const children: Child[] = [];
  const plcs = new Map<string, ModbusSimulator>();
  const timers: NodeJS.Timeout[] = [];

  const shutdown = async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.all(children.map((child) => child.stop()));
    await Promise.all([...plcs.values()].map((plc) => plc.close()));
  };
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the demo...\n');
    shutdown().then(() => process.stdout.write('Stopped.\n'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    process.stdout.write('Starting the simulated PLCs...\n');
    for (const site of DEMO_SITES) {
      for (const plc of site.plcs) {
        plcs.set(
          `${site.siteId}/${plc.assetId}`,
          await startModbusSimulator(plcProfile(plc.kind, plc.seed).options),
        );
      }
    }

    process.stdout.write('Starting the console...\n');
    const console_ = startNode(
      binOf('@plantwatch/console', 'plantwatch-console.js'),
      [
        '--data-dir',
        path.join(opts.dataDir, 'console'),
        '--port',
        String(opts.port),
        '--mqtt-port',
        String(opts.mqttPort),
      ],
      path.join(logs, 'console.log'),
    );
    children.push(console_);
    const ready = await console_.waitForLine(/^Plantwatch console: /, 30_000);
    const httpUrl = /(http:\/\/\S+)/.exec(ready)?.[1];
    const mqttUrl = /(mqtts?:\/\/[^\s,)]+)/.exec(ready)?.[1];
    if (!httpUrl || !mqttUrl) throw new Error(`cannot read the console's addresses from: ${ready}`);
    // The broker speaks TLS with the console's own CA, made at its first start; each agent checks
    // that the CA it receives at enrollment is this one, as a technician would with the fingerprint.
    const caFingerprint = /SHA-256\): (\S+)/.exec(
      await console_.waitForLine(/^Broker CA fingerprint/, 10_000),
    )?.[1];
    const account = await createDemoAccount(path.join(opts.dataDir, 'console'));

    const sample = await loadSampleTarget('modbus');
    for (const site of DEMO_SITES) {
      const file = path.join(opts.dataDir, `agent-${site.agentId}.yaml`);
      const stateDir = path.join(opts.dataDir, `agent-${site.agentId}`);
      // Enrolled as in a real plant: the agent's identity and credentials come from the console.
      const identityDir = await enrollDemoAgent(
        {
          consoleBin: binOf('@plantwatch/console', 'plantwatch-console.js'),
          agentBin: binOf('@plantwatch/agent', 'plantwatch-agent.js'),
          consoleDataDir: path.join(opts.dataDir, 'console'),
          httpUrl,
          caFingerprint,
        },
        { siteId: site.siteId, agentId: site.agentId, stateDir },
      );
      await writeFile(
        file,
        stringify(
          {
            dataDir: stateDir,
            identity: { dir: identityDir },
            targets: site.plcs.map((plc) => {
              const simulator = plcs.get(`${site.siteId}/${plc.assetId}`) as ModbusSimulator;
              return {
                ...sample,
                id: plc.assetId,
                host: simulator.host,
                port: simulator.port,
                pollIntervalMs: opts.pollIntervalMs,
              };
            }),
          },
          { aliasDuplicateObjects: false },
        ),
      );
      children.push(
        startNode(
          binOf('@plantwatch/agent', 'plantwatch-agent.js'),
          ['run', '--config', file],
          path.join(logs, `${site.agentId}.log`),
        ),
      );
      process.stdout.write(
        `Started agent ${site.agentId} for ${site.siteId} (${site.plcs.length} PLCs, config ${file})\n`,
      );
    }

    // Process values move all the time; they are volatile and must never show up as drift.
    timers.push(
      setInterval(() => {
        for (const plc of plcs.values())
          plc.setInputRegister(Math.floor(Math.random() * 10), Math.floor(Math.random() * 1000));
      }, 2_000),
    );
    const target = plcs.get(
      `${UNAUTHORIZED_CHANGE.siteId}/${UNAUTHORIZED_CHANGE.assetId}`,
    ) as ModbusSimulator;
    timers.push(
      setTimeout(() => {
        const plc = DEMO_SITES.find((s) => s.siteId === UNAUTHORIZED_CHANGE.siteId)?.plcs.find(
          (p) => p.assetId === UNAUTHORIZED_CHANGE.assetId,
        );
        if (!plc) throw new Error('the unauthorized change names a PLC the demo plant does not have');
        const before =
          plcProfile(plc.kind, plc.seed).options.holdingRegisters?.[UNAUTHORIZED_CHANGE.register] ?? 0;
        const after = before + UNAUTHORIZED_CHANGE.delta;
        target.setHoldingRegister(UNAUTHORIZED_CHANGE.register, after);
        process.stdout.write(
          `Unauthorized change: ${UNAUTHORIZED_CHANGE.siteId}/${UNAUTHORIZED_CHANGE.assetId} setpoints[${UNAUTHORIZED_CHANGE.register - 100}] ${before} -> ${after}. Watch ${httpUrl}/drift\n`,
        );
      }, opts.changeAfterMs),
    );

    process.stdout.write(
      `\nPlantwatch demo is running: ${httpUrl}\n` +
        describeDemoAccount(account) +
        `  MQTT broker for agents: ${mqttUrl} (TLS; CA fingerprint ${caFingerprint})\n  Data and logs: ${opts.dataDir}\n` +
        `  An unauthorized PLC change happens in ${Math.round(opts.changeAfterMs / 1000)} s.\n  Press Ctrl-C to stop.\n`,
    );
  } catch (error) {
    process.stderr.write(`demo: ${(error as Error).message}\n`);
    await shutdown();
    process.exitCode = 1;
  }
}

await main();
