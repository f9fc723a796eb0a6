import dgram from 'node:dgram';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/**
 * Real alert receivers on 127.0.0.1 with OS-chosen ports: an HTTP server for webhooks and syslog
 * listeners over TCP (octet-counted frames) and UDP. Tests await `next()` instead of sleeping.
 */
interface Inbox<T> {
  received: T[];
  next(): Promise<T>;
}

function createInbox<T>(): Inbox<T> & { push(item: T): void } {
  const received: T[] = [];
  let taken = 0;
  const waiting: ((item: T) => void)[] = [];
  return {
    received,
    push(item) {
      received.push(item);
      const waiter = waiting.shift();
      if (waiter) {
        taken += 1;
        waiter(item);
      }
    },
    next() {
      if (taken < received.length) return Promise.resolve(received[taken++] as T);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

export interface WebhookRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver extends Inbox<WebhookRequest> {
  url: string;
  /** Statuses to answer with, in order; 200 once they run out. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const inbox = createInbox<WebhookRequest>();
  const statuses: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.statusCode = statuses.shift() ?? 200;
      response.end();
      inbox.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...inbox,
    url: `http://127.0.0.1:${port}/hooks/plantwatch`,
    statuses,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SyslogListener extends Inbox<string> {
  port: number;
  close(): Promise<void>;
}

/** TCP syslog with octet counting: `<length> <message>` frames. */
export async function startSyslogTcp(): Promise<SyslogListener> {
  const inbox = createInbox<string>();
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) return;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) return;
        inbox.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...inbox,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function startSyslogUdp(): Promise<SyslogListener> {
  const inbox = createInbox<string>();
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message) => inbox.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    ...inbox,
    port: socket.address().port,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
