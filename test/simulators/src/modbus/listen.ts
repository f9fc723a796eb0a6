import { createServer, type Server, type Socket } from 'node:net';
import modbus, { type ServerTCP } from 'modbus-serial';
import type { ServiceVector } from './register-bank.ts';

export interface ListeningServer {
  server: ServerTCP;
  /** The net.Server inside ServerTCP: the only place where raw sockets can be seen. */
  netServer: Server;
  port: number;
}

interface ListenOptions {
  host: string;
  /** 0 means pick a free one. */
  port: number;
  unitId: number;
  /** Called for each client socket after ServerTCP has attached its own handlers to it. */
  onConnection(socket: Socket): void;
}

const FREE_PORT_ATTEMPTS = 10;

/**
 * Starts modbus-serial's ServerTCP. It cannot listen on port 0 (it quietly uses 502 instead), so a
 * free port is found by binding a probe socket, and another port is tried if something else takes
 * that one before ServerTCP binds it.
 */
export async function listenServerTcp(
  vector: ServiceVector,
  options: ListenOptions,
): Promise<ListeningServer> {
  if (options.port !== 0) return listenOnce(vector, options, options.port);
  let lastError: unknown;
  for (let attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort(options.host);
    try {
      return await listenOnce(vector, options, port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      lastError = error;
    }
  }
  throw new Error(`no free port for the Modbus simulator after ${FREE_PORT_ATTEMPTS} attempts`, {
    cause: lastError,
  });
}

function listenOnce(vector: ServiceVector, options: ListenOptions, port: number): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    // modbus-serial treats unitID 0 like 255: answer every unit id.
    const server = new modbus.ServerTCP(vector, { host: options.host, port, unitID: options.unitId });
    const netServer = (server as unknown as { _server: Server })._server;
    // Attached right after the constructor, so it runs after ServerTCP's own 'connection' listener.
    netServer.on('connection', options.onConnection);
    const onError = (error: Error) => {
      server.off('initialized', onReady);
      reject(error);
    };
    const onReady = () => {
      server.off('serverError', onError);
      // ServerTCP re-emits socket and server errors; an 'error' event with no listener would throw.
      server.on('error', () => {});
      resolve({ server, netServer, port });
    };
    server.once('serverError', onError);
    server.once('initialized', onReady);
  });
}

function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port: 0 }, () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the port probe did not get a TCP address'));
      });
    });
  });
}
