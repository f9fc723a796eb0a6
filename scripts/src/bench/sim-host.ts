import { createInterface } from 'node:readline';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';

/**
 * A child process that hosts simulated PLCs, so that benchmarks measure the client side without
 * the devices sharing its event loop. Prints one JSON line with the ports, then obeys commands on
 * standard input until standard input closes: `set <device> <address> <value>` (answers `ok`),
 * `requests <seq>` (answers `{"seq":<seq>,"requests":<received by all PLCs so far>}`).
 */
const count = Number(process.argv[2] ?? '10');
const kinds = ['press', 'mixer', 'conveyor', 'boiler'] as const;
const simulators: ModbusSimulator[] = [];
for (let i = 0; i < count; i += 1) {
  simulators.push(
    await startModbusSimulator(plcProfile(kinds[i % kinds.length] as (typeof kinds)[number], i + 1).options),
  );
}
process.stdout.write(`${JSON.stringify({ ports: simulators.map((s) => s.port) })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, device, address, value] = line.trim().split(/\s+/);
  if (command === 'requests') {
    const requests = simulators.reduce((sum, s) => sum + s.requests.length, 0);
    process.stdout.write(`${JSON.stringify({ seq: Number(device ?? 0), requests })}\n`);
    return;
  }
  if (command === 'set') simulators[Number(device)]?.setHoldingRegister(Number(address), Number(value));
  process.stdout.write('ok\n');
});
lines.on('close', async () => {
  await Promise.all(simulators.map((s) => s.close()));
  process.exit(0);
});
