import { parseArgs } from 'node:util';
import { createLogger, errorMessage, isPlantwatchError } from '@plantwatch/shared';
import { createAgent } from './agent.ts';
import { OPCUA_COMMAND_USAGE, runOpcuaCommand } from './collectors/opcua/index.ts';
import { loadAgentConfig } from './config/agent-config.ts';
import { ENROLL_USAGE, runEnrollCommand } from './identity/enroll-command.ts';
import { formatInventoryTable } from './output/inventory-table.ts';
import { planTargets, scanTargets } from './scan.ts';
import { AGENT_VERSION } from './version.ts';

const USAGE = `plantwatch-agent ${AGENT_VERSION}: read-only polling of PLCs and switches on a plant gateway

Usage:
  plantwatch-agent scan [--config agent.yaml] [--json] [--dry-run]
      Poll every target once and print the inventory. Publishes nothing.
      --json      print the snapshots as JSON instead of a table
      --dry-run   print the exact requests each target would be sent, and send nothing
      Exit code 1 when any target could not be polled.
  plantwatch-agent run [--config agent.yaml]
      Poll on schedule, detect drift, publish to the console over MQTT, until SIGINT/SIGTERM.
  plantwatch-agent validate [--config agent.yaml]
      Check the config file and print what it would poll.
${OPCUA_COMMAND_USAGE}${ENROLL_USAGE}
Options:
  -c, --config <file>   agent config (YAML), default ./agent.yaml
  -h, --help            show this help
  -v, --version         print the version

Logs are JSON lines on standard error (PLANTWATCH_LOG_LEVEL=debug for more).
Every request the agent sends is a read: Modbus FC 1-4 and 43/14; SNMP Get, GetNext, GetBulk;
OPC UA GetEndpoints, CreateSession/ActivateSession, Read, Browse/BrowseNext, TranslateBrowsePath.
`;

const OPTIONS = {
  config: { type: 'string', short: 'c', default: 'agent.yaml' },
  json: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  console: { type: 'string' },
  token: { type: 'string' },
  'state-dir': { type: 'string' },
  'agent-id': { type: 'string' },
  'ca-fingerprint': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    process.stderr.write(
      `plantwatch-agent: ${errorMessage(error)}\nRun 'plantwatch-agent --help' for usage.\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return print(USAGE, 0);
  if (values.version) return print(`${AGENT_VERSION}\n`, 0);
  const [command, ...extra] = positionals;
  if (!command) return print(USAGE, 2, process.stderr);
  const takesArguments = command === 'opcua';
  if (
    (extra.length > 0 && !takesArguments) ||
    !['scan', 'run', 'validate', 'opcua', 'enroll'].includes(command)
  ) {
    process.stderr.write(
      `plantwatch-agent: unknown command '${positionals.join(' ')}'\nRun 'plantwatch-agent --help' for usage.\n`,
    );
    return 2;
  }

  if (command === 'enroll') {
    return runEnrollCommand({
      console: values.console,
      token: values.token,
      stateDir: values['state-dir'],
      agentId: values['agent-id'],
      caFingerprint: values['ca-fingerprint'],
      write: (text) => process.stdout.write(text),
      warn: (text) => process.stderr.write(text),
    });
  }

  // scan and validate report in their own output; their logs only matter when asked for.
  const level = process.env.PLANTWATCH_LOG_LEVEL ?? (command === 'run' ? 'info' : 'error');
  const logger = createLogger({ name: 'agent', level });
  const config = await loadAgentConfig(values.config);

  if (command === 'opcua') {
    return runOpcuaCommand({
      args: extra,
      configFile: values.config,
      targets: config.targets,
      write: (text) => process.stdout.write(text),
    });
  }
  if (command === 'validate') {
    return print(
      `${values.config} is valid: site ${config.siteId}, agent ${config.agentId}, ${config.targets.length} target(s)\n` +
        config.targets
          .map((t) => `  ${t.id}  ${t.protocol}://${t.host}:${t.port} every ${t.pollIntervalMs} ms\n`)
          .join(''),
      0,
    );
  }
  if (command === 'scan') {
    if (values['dry-run']) {
      const plan = planTargets(config.targets);
      if (values.json) return print(`${JSON.stringify(plan, null, 2)}\n`, 0);
      return print(
        plan.map((p) => `${p.target} (${p.address})\n${p.requests.map((r) => `  ${r}\n`).join('')}`).join(''),
        0,
      );
    }
    process.stderr.write(`Polling ${config.targets.length} target(s)...\n`);
    const snapshots = await scanTargets(config.targets, logger, (done, total, snapshot) => {
      process.stderr.write(
        `  [${done}/${total}] ${snapshot.assetId}: ${snapshot.poll.ok ? 'ok' : 'failed'}\n`,
      );
    });
    process.stdout.write(
      values.json ? `${JSON.stringify(snapshots, null, 2)}\n` : formatInventoryTable(snapshots),
    );
    return snapshots.every((snapshot) => snapshot.poll.ok) ? 0 : 1;
  }

  const agent = createAgent(config, logger);
  agent.start();
  logger.info(
    { site: config.siteId, agent: config.agentId, targets: config.targets.length },
    'agent started',
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await agent.stop();
  return 0;
}

function print(text: string, code: number, stream: NodeJS.WriteStream = process.stdout): number {
  stream.write(text);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const prefix = isPlantwatchError(error) && error.kind === 'client' ? '' : 'unexpected error: ';
    process.stderr.write(`plantwatch-agent: ${prefix}${errorMessage(error)}\n`);
    process.exitCode = isPlantwatchError(error, 'invalid_config') ? 2 : 1;
  },
);
