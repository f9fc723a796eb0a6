import { startSnmpSimulator, switchProfile } from '@plantwatch/simulators/snmp';

/** A child process serving a large simulated switch for the SNMP benchmark. */
const ports = Number(process.argv[2] ?? '48');
const hosts = Number(process.argv[3] ?? '6');
const simulator = await startSnmpSimulator({
  communities: ['bench'],
  device: switchProfile({ ports, hosts }),
});
process.stdout.write(`${JSON.stringify({ port: simulator.port })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await simulator.close();
  process.exit(0);
});
