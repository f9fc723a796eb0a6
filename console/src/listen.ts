import type { Server } from 'node:net';
import { PlantwatchError } from '@plantwatch/shared';

/** Starts listening and resolves with the real port (the OS chooses it when `port` is 0). */
export function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason = error.code === 'EADDRINUSE' ? 'the address is already in use' : error.message;
      reject(
        new PlantwatchError('unavailable', `${what} cannot listen on ${host}:${port}: ${reason}`, {
          cause: error,
        }),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** `host:port` for a URL: IPv6 addresses go in brackets. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A wildcard listen address is not one a client can connect to; use loopback instead. */
export function connectableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}
