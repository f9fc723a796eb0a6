import { createInterface } from 'node:readline';
import { type SnmpSimulator, startSnmpSimulator, switchProfile } from '@plantwatch/simulators/snmp';

/**
 * A child process serving simulated switches for the SNMP benchmarks (community `bench`): one large
 * switch for the inventory benchmark, twenty small ones for the footprint. Arguments: ports, hosts,
 * count (default 1). Prints `{"port": <first>, "ports": [...]}`, then answers `requests <seq>` with
 * `{"seq":<seq>,"requests":<received by all switches so far>}` until standard input closes.
 */
const ports = Number(process.argv[2] ?? '48');
const hosts = Number(process.argv[3] ?? '6');
const count = Number(process.argv[4] ?? '1');
const simulators: SnmpSimulator[] = [];
for (let i = 0; i < count; i += 1) {
  simulators.push(
    await startSnmpSimulator({
      communities: ['bench'],
      device: switchProfile({ ports, hosts }),
    }),
  );
}
process.stdout.write(
  `${JSON.stringify({ port: simulators[0]?.port, ports: simulators.map((s) => s.port) })}\n`,
);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, seq] = line.trim().split(/\s+/);
  if (command === 'requests') {
    const requests = simulators.reduce((sum, s) => sum + s.requests.length, 0);
    process.stdout.write(`${JSON.stringify({ seq: Number(seq ?? 0), requests })}\n`);
  }
});
lines.on('close', async () => {
  await Promise.all(simulators.map((s) => s.close()));
  process.exit(0);
});
