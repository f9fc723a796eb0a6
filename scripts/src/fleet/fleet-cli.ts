import { parseArgs } from 'node:util';
import { startFleet } from './fleet.ts';

const USAGE = `npm run fleet -- --mqtt-url <url> [options]

Simulates a fleet of Plantwatch agents speaking the real protocol to a console's broker: retained
status with a will message, inventory snapshots with real fingerprints, and drift events.
The simulated agents are not enrolled and speak plain MQTT: start the console with
--allow-anonymous-agents --mqtt-insecure-tcp
(development mode) for them.

Options:
  --mqtt-url <url>          the console's MQTT broker (required), e.g. mqtt://127.0.0.1:1883
  --sites <n>               sites (default 10)
  --agents-per-site <n>     agents per site (default 1)
  --assets-per-agent <n>    PLCs per agent (default 50)
  --assets-per-message <n>  assets per inventory message (default 50)
  --interval-ms <n>         time between poll cycles (default 10000)
  --cycles <n>              cycles to run, 0 = until Ctrl-C (default 0)
  --drift-rate <x>          chance per asset and cycle of a setpoint change (default 0.01)
  --seed <n>                random seed (default 1)
  -h, --help                show this help
`;

const { values } = parseArgs({
  options: {
    'mqtt-url': { type: 'string' },
    sites: { type: 'string', default: '10' },
    'agents-per-site': { type: 'string', default: '1' },
    'assets-per-agent': { type: 'string', default: '50' },
    'assets-per-message': { type: 'string', default: '50' },
    'interval-ms': { type: 'string', default: '10000' },
    cycles: { type: 'string', default: '0' },
    'drift-rate': { type: 'string', default: '0.01' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function number(name: keyof typeof values, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min || value > max) {
    process.stderr.write(`fleet: --${name} must be a number from ${min} to ${max}, got ${values[name]}\n`);
    process.exit(2);
  }
  return value;
}

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!values['mqtt-url']) {
  process.stderr.write(`fleet: --mqtt-url is required\n\n${USAGE}`);
  process.exit(2);
}
const options = {
  mqttUrl: values['mqtt-url'],
  sites: number('sites', 1, 10_000),
  agentsPerSite: number('agents-per-site', 1, 100),
  assetsPerAgent: number('assets-per-agent', 1, 2_000),
  assetsPerMessage: number('assets-per-message', 1, 2_000),
  driftRate: number('drift-rate', 0, 1),
  seed: number('seed', 0),
};
const intervalMs = number('interval-ms', 100);
const cycles = number('cycles', 0);

const total = options.sites * options.agentsPerSite;
process.stdout.write(`Connecting ${total} simulated agents to ${options.mqttUrl}...\n`);
const fleet = await startFleet(options, (count) => process.stdout.write(`  ${count}/${total} connected\r`));
process.stdout.write(`\n${total} agents, ${total * options.assetsPerAgent} assets. Ctrl-C to stop.\n`);
let stopping = false;
process.on('SIGINT', () => {
  stopping = true;
});
for (let cycle = 1; !stopping && (cycles === 0 || cycle <= cycles); cycle += 1) {
  const started = performance.now();
  const { messages, drift } = await fleet.cycle();
  const ms = performance.now() - started;
  process.stdout.write(
    `cycle ${cycle}: ${messages} messages (${drift} drift) acknowledged in ${Math.round(ms)} ms\n`,
  );
  if (!stopping && (cycles === 0 || cycle < cycles))
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - ms)));
}
await fleet.close();
process.stdout.write('Fleet stopped.\n');
