import { parseArgs } from 'node:util';
import { ACCOUNT_USAGE } from './cli-accounts-args.ts';
import { ENROLLMENT_USAGE } from './cli-enrollment-args.ts';
import type { ConsoleOptions } from './config.ts';
import { MQTT_URL_PATTERN } from './config.ts';

export const USAGE = `Usage: plantwatch-console [options]
       plantwatch-console audit verify --data-dir <dir>
       plantwatch-console user add --username <name> --role <role> [--sites <a,b>]
       plantwatch-console token create --name <name> --role <role> [--sites <a,b>]
       plantwatch-console enrollment-token create --site <id> --owner <o> --purpose <p>

Runs the Plantwatch console: ingests agent messages over MQTT, stores them and serves the fleet
pages and the JSON API.

Commands:
  audit verify             check the hash chain of the audit log in <dir>/plantwatch.db without
                           changing it; exit code 0 when intact, 1 when broken, 3 when the
                           database cannot be read
${ACCOUNT_USAGE}
${ENROLLMENT_USAGE}

Options:
  --data-dir <dir>         where the database lives (default: ./data)
  --host <host>            HTTP listen address (default: 127.0.0.1)
  --port <port>            HTTP port (default: 8080; 0 lets the OS choose)
  --mqtt-host <host>       embedded MQTT broker listen address (default: 127.0.0.1)
  --mqtt-port <port>       embedded MQTT broker port (default: 8883, or 1883 with
                           --mqtt-insecure-tcp; 0 lets the OS choose)
  --mqtt-public-url <url>  the broker URL agents are told at enrollment, e.g.
                           mqtts://console.plant.example:8883 (default: from --mqtt-host and
                           --mqtt-port; this machine's name when listening on 0.0.0.0)
  --mqtt-tls-cert <file>   the broker's certificate (PEM, with its chain); with --mqtt-tls-key.
                           Without them the console makes its own CA and a certificate for the
                           broker at first start, in <dir>/tls (agents receive the CA at enrollment)
  --mqtt-tls-key <file>    the private key of --mqtt-tls-cert (PEM)
  --mqtt-tls-ca <file>     the CA agents should trust for --mqtt-tls-cert (default: their system CAs)
  --mqtt-tls-hostnames <a,b>
                           more names or addresses the generated certificate covers, for agents
                           that reach the console under another name
  --mqtt-insecure-tcp      development only: plain MQTT over TCP, no TLS
  --allow-anonymous-agents development only: the embedded broker accepts agents that were not
                           enrolled (no credentials), each under any plantwatch/v1/ topic
  --mqtt-url <url>         use an external broker instead, e.g. mqtt://broker.example:1883
  --mqtt-username <name>   user name for the external broker
  --mqtt-password <pass>   password for the external broker (better: PLANTWATCH_MQTT_PASSWORD)
  --allow-unsigned-agents  development only, with --mqtt-url: accept unsigned messages from agents
                           that are not enrolled (enrolled agents must always sign)
  --config <file>          governance settings to apply at start-up, as JSON: severities,
                           retention, alert targets (see the README); audited as config-file
  --log-level <level>      fatal, error, warn, info, debug, trace or silent (default: info)
  -h, --help               show this help
  -v, --version            show the version

On the first start with an empty database the console creates the user "admin" with a one-time
password, printed once on standard output and in the log; it must be changed at first sign-in.

Logs are JSON lines on standard error.`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A mistake in the command line: reported with a usage hint and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'audit-verify'; dataDir: string }
  | {
      kind: 'run';
      options: Required<Pick<ConsoleOptions, 'dataDir' | 'http' | 'mqtt'>>;
      logLevel: string;
      /** A JSON file of settings to apply at start-up. */
      configFile?: string;
    };

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliCommand {
  if (argv[0] === 'audit') return parseAuditArgs(argv.slice(1));
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const logLevel = values['log-level'] ?? env.PLANTWATCH_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  }
  const http = { host: values.host ?? '127.0.0.1', port: portOption('--port', values.port, 8080) };
  const url = values['mqtt-url'];
  const password = values['mqtt-password'] ?? env.PLANTWATCH_MQTT_PASSWORD;
  let mqtt: ConsoleOptions['mqtt'] & object;
  if (url === undefined) {
    if (
      values['mqtt-username'] !== undefined ||
      values['mqtt-password'] !== undefined ||
      values['allow-unsigned-agents'] !== undefined
    ) {
      throw new UsageError(
        '--mqtt-username, --mqtt-password and --allow-unsigned-agents need --mqtt-url (an external broker; the embedded one has --allow-anonymous-agents)',
      );
    }
    mqtt = {
      mode: 'embedded',
      host: values['mqtt-host'] ?? '127.0.0.1',
      port: portOption('--mqtt-port', values['mqtt-port'], values['mqtt-insecure-tcp'] ? 1883 : 8883),
      ...(values['allow-anonymous-agents'] ? { allowAnonymousAgents: true } : {}),
      ...embeddedTlsOptions(values),
    };
  } else {
    const embeddedOnly = EMBEDDED_ONLY_OPTIONS.filter((name) => values[name] !== undefined);
    if (embeddedOnly.length > 0) {
      throw new UsageError(
        `--mqtt-url replaces the embedded broker: do not combine it with ${embeddedOnly.map((name) => `--${name}`).join(', ')}`,
      );
    }
    if (!MQTT_URL_PATTERN.test(url))
      throw new UsageError(`--mqtt-url must be a URL such as mqtt://broker:1883`);
    mqtt = {
      mode: 'external',
      url,
      username: values['mqtt-username'],
      password,
      ...(values['allow-unsigned-agents'] ? { allowUnsignedAgents: true } : {}),
    };
  }
  const dataDir = values['data-dir'] ?? './data';
  if (dataDir === '') throw new UsageError('--data-dir must not be empty');
  const configFile = values.config;
  if (configFile === '') throw new UsageError('--config must name a file');
  return { kind: 'run', options: { dataDir, http, mqtt }, logLevel, ...(configFile ? { configFile } : {}) };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'mqtt-host': { type: 'string' },
      'mqtt-port': { type: 'string' },
      'mqtt-url': { type: 'string' },
      'allow-anonymous-agents': { type: 'boolean' },
      'mqtt-public-url': { type: 'string' },
      'mqtt-tls-cert': { type: 'string' },
      'mqtt-tls-key': { type: 'string' },
      'mqtt-tls-ca': { type: 'string' },
      'mqtt-tls-hostnames': { type: 'string' },
      'mqtt-insecure-tcp': { type: 'boolean' },
      'mqtt-username': { type: 'string' },
      'mqtt-password': { type: 'string' },
      'allow-unsigned-agents': { type: 'boolean' },
      'log-level': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

const EMBEDDED_ONLY_OPTIONS = [
  'mqtt-host',
  'mqtt-port',
  'allow-anonymous-agents',
  'mqtt-public-url',
  'mqtt-tls-cert',
  'mqtt-tls-key',
  'mqtt-tls-ca',
  'mqtt-tls-hostnames',
  'mqtt-insecure-tcp',
] as const;

/** The embedded broker's transport: TLS (the operator's files or the local CA) or, for development, TCP. */
function embeddedTlsOptions(values: ReturnType<typeof parse>['values']) {
  const certFile = values['mqtt-tls-cert'];
  const keyFile = values['mqtt-tls-key'];
  const caFile = values['mqtt-tls-ca'];
  const insecure = values['mqtt-insecure-tcp'] === true;
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new UsageError('--mqtt-tls-cert and --mqtt-tls-key go together');
  if (caFile !== undefined && certFile === undefined)
    throw new UsageError('--mqtt-tls-ca needs --mqtt-tls-cert and --mqtt-tls-key');
  if (insecure && (certFile !== undefined || values['mqtt-tls-hostnames'] !== undefined))
    throw new UsageError('--mqtt-insecure-tcp turns TLS off: do not combine it with --mqtt-tls-* options');
  const publicUrl = values['mqtt-public-url'];
  if (publicUrl !== undefined && !new RegExp(`^mqtt${insecure ? '' : 's'}://[^\\s/?#]+$`).test(publicUrl)) {
    throw new UsageError(
      `--mqtt-public-url must be a URL such as ${insecure ? 'mqtt' : 'mqtts'}://console.plant.example:${insecure ? 1883 : 8883}`,
    );
  }
  const hostnames = values['mqtt-tls-hostnames']
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    ...(certFile !== undefined && keyFile !== undefined
      ? { tls: { certFile, keyFile, ...(caFile === undefined ? {} : { caFile }) } }
      : {}),
    ...(insecure ? { insecureTcp: true } : {}),
    ...(publicUrl === undefined ? {} : { publicUrl }),
    ...(hostnames === undefined ? {} : { tlsHostnames: hostnames }),
  };
}

function portOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535))
    throw new UsageError(`${name} must be a port number from 0 to 65535, not "${value}"`);
  return port;
}

function parseAuditArgs(argv: string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command !== 'verify') {
    throw new UsageError(
      `unknown audit command "${command ?? ''}": use "plantwatch-console audit verify --data-dir <dir>"`,
    );
  }
  let values: { 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  const dataDir = values['data-dir'] ?? './data';
  if (dataDir === '') throw new UsageError('--data-dir must not be empty');
  return { kind: 'audit-verify', dataDir };
}
