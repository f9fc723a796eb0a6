import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { hostPort, listen } from './listen.ts';
import type { AppEnv } from './routes/env.ts';

export interface HttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the app over HTTP; resolves once listening, with the real port. */
export async function startHttpServer(app: Hono<AppEnv>, host: string, port: number): Promise<HttpServer> {
  // createAdaptorServer, not serve(): serve() listens at once and reports a busy port only as an
  // 'error' event, while start-up must fail with a clear error.
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  const actualPort = await listen(server, host, port, 'the HTTP server');
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostPort(host, actualPort)}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Browsers keep idle connections open; without this, close() would wait for them.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
