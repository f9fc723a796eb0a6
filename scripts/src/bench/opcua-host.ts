import { createInterface } from 'node:readline';
import { type OpcuaSimulator, startOpcuaSimulator } from '@plantwatch/simulators/opcua';
import { benchPlcOptions } from './opcua-plc.ts';

/**
 * A child process serving simulated OPC UA PLCs (the DI nodeset, see `benchPlcOptions`), so that
 * benchmarks measure the client side without the servers sharing its event loop. Prints one JSON
 * line with the ports, then obeys commands on standard input until it closes:
 * `clear` forgets the requests received so far; `log <seq>` prints
 * `{"seq":<seq>,"requests":[...]}`, every request received since the last `clear` (without
 * arrival times; all servers' logs, in server order); `requests <seq>` prints only their number,
 * `{"seq":<seq>,"requests":<n>}`.
 */
const count = Number(process.argv[2] ?? '1');
const simulators: OpcuaSimulator[] = [];
for (let i = 0; i < count; i += 1) simulators.push(await startOpcuaSimulator(benchPlcOptions(i)));
process.stdout.write(`${JSON.stringify({ ports: simulators.map((s) => s.port) })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, seq] = line.trim().split(/\s+/);
  if (command === 'clear') {
    for (const simulator of simulators) simulator.clearRequests();
    process.stdout.write(`{"seq":${Number(seq ?? 0)},"cleared":true}\n`);
  }
  if (command === 'requests') {
    const requests = simulators.reduce((sum, s) => sum + s.requests.length, 0);
    process.stdout.write(`${JSON.stringify({ seq: Number(seq ?? 0), requests })}\n`);
  }
  if (command === 'log') {
    const requests = simulators.flatMap((s) => s.requests.map(({ at: _at, ...request }) => request));
    process.stdout.write(`${JSON.stringify({ seq: Number(seq ?? 0), requests })}\n`);
  }
});
lines.on('close', async () => {
  await Promise.all(simulators.map((s) => s.close()));
  process.exit(0);
});
