import { createServer } from 'node:net';
import { Aedes } from 'aedes';

/** The baseline broker for the ingest benchmark: aedes with no hooks, in its own process. */
const broker = await Aedes.createBroker();
const server = createServer(broker.handle);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
