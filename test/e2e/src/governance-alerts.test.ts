import { createHmac, timingSafeEqual } from 'node:crypto';
import dgram from 'node:dgram';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Agent } from '@plantwatch/agent';
import type { ConsoleHandle } from '@plantwatch/console';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAuth, getJson } from './support/http.ts';
import { agentConfig, sampleTarget, startAgent, startConsole } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

/**
 * Alerts into the enterprise's security monitoring, end to end: an unauthorized decision on real
 * drift reaches a webhook receiver (HTTP, HMAC-signed) and syslog receivers (RFC 5424 + CEF, TCP
 * and UDP) that this test starts on 127.0.0.1.
 */

const SECRET = 'e2e-shared-webhook-secret';

/** Messages as they arrive, and a way to wait for the next one matching a test. */
function inbox<T>() {
  const items: T[] = [];
  const waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  return {
    items,
    push(item: T) {
      items.push(item);
      for (const waiter of [...waiters]) {
        if (waiter.match(item)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(item);
        }
      }
    },
    first(match: (item: T) => boolean): Promise<T> {
      const found = items.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

interface Hook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('governance: alerts to a webhook and to syslog', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let press: ModbusSimulator;
  let console_: ConsoleHandle;
  let agent: Agent | undefined;
  const hooks = inbox<Hook>();
  const tcpLines = inbox<string>();
  const udpLines = inbox<string>();
  let httpServer: http.Server;
  let tcpServer: net.Server;
  let udpSocket: dgram.Socket;
  const profile = plcProfile('press', 51);

  beforeAll(async () => {
    httpServer = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.end();
        hooks.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    // Syslog over TCP, octet-counting framing: `<length> <message>`.
    tcpServer = net.createServer((socket) => {
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (let space = buffer.indexOf(0x20); space > 0; space = buffer.indexOf(0x20)) {
          const length = Number(buffer.subarray(0, space).toString('ascii'));
          if (buffer.length < space + 1 + length) break;
          tcpLines.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
          buffer = buffer.subarray(space + 1 + length);
        }
      });
    });
    udpSocket = dgram.createSocket('udp4');
    udpSocket.on('message', (message) => udpLines.push(message.toString('utf8')));
    await Promise.all([
      new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve)),
      new Promise<void>((resolve) => tcpServer.listen(0, '127.0.0.1', resolve)),
      new Promise<void>((resolve) => udpSocket.bind(0, '127.0.0.1', resolve)),
    ]);

    dir = await createTempDir('governance-alerts');
    press = await startModbusSimulator(profile.options);
    console_ = await startConsole(dir.path);
    const events = ['drift.unauthorized', 'agent.offline'];
    const settings = await fetch(new URL('/api/v1/settings', console_.httpUrl), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', ...apiAuth(console_.httpUrl, 'e2e-admin') },
      body: JSON.stringify({
        alerts: {
          webhooks: [
            {
              id: 'soc',
              url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/plantwatch`,
              secret: SECRET,
              events,
            },
          ],
          syslog: [
            {
              id: 'siem-tcp',
              host: '127.0.0.1',
              port: (tcpServer.address() as AddressInfo).port,
              transport: 'tcp',
              events,
            },
            { id: 'siem-udp', host: '127.0.0.1', port: udpSocket.address().port, transport: 'udp', events },
          ],
        },
      }),
    });
    expect(settings.status).toBe(200);
    agent = startAgent(
      agentConfig({
        siteId: 'plant-s',
        agentId: 'gw-s',
        mqttUrl: console_.mqttUrl,
        dataDir: dir.path,
        targets: [await sampleTarget('press-01', press)],
      }),
    );
  });

  afterAll(async () => {
    await agent?.stop();
    await console_?.close();
    await press?.close();
    httpServer?.closeAllConnections();
    await new Promise((resolve) => httpServer?.close(resolve));
    await new Promise((resolve) => tcpServer?.close(resolve));
    udpSocket?.close();
    await dir?.remove();
  });

  it('an unauthorized decision reaches the webhook (signed) and the syslog receivers (RFC 5424 + CEF)', async () => {
    await waitFor('the press with a baseline', async () => {
      const asset = await getJson<{ baseline: unknown }>(
        console_.httpUrl,
        '/api/v1/sites/plant-s/assets/press-01',
      ).catch(() => undefined);
      return asset?.baseline ? asset : undefined;
    });
    const checksum = 220;
    press.setHoldingRegister(
      checksum + 1,
      ((profile.options.holdingRegisters?.[checksum + 1] as number) + 1) & 0xffff,
    );
    const record = await waitFor('the drift record', async () => {
      const { items } = await getJson<{ items: { id: number; class: string }[] }>(
        console_.httpUrl,
        '/api/v1/drift-records?siteId=plant-s&state=open',
      );
      return items[0];
    });
    expect(record.class).toBe('program');
    const decided = await fetch(new URL(`/api/v1/drift-records/${record.id}/decision`, console_.httpUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...apiAuth(console_.httpUrl, 'e2e-analyst') },
      body: JSON.stringify({ decision: 'unauthorized', comment: 'nobody planned a program download' }),
    });
    expect(decided.status).toBe(200);

    const isUnauthorized = (hook: Hook) => hook.headers['x-plantwatch-event'] === 'drift.unauthorized';
    const [hook, tcpLine, udpLine] = await Promise.all([
      hooks.first(isUnauthorized),
      tcpLines.first((line) => line.includes('|drift.unauthorized|')),
      udpLines.first((line) => line.includes('|drift.unauthorized|')),
    ]);
    const timestamp = String(hook.headers['x-plantwatch-timestamp']);
    const signature = Buffer.from(String(hook.headers['x-plantwatch-signature']));
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${hook.body}`).digest('hex')}`,
    );
    expect(signature.length === expected.length && timingSafeEqual(signature, expected)).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'drift.unauthorized',
      siteId: 'plant-s',
      assetId: 'press-01',
      drift: { id: record.id, class: 'program', state: 'unauthorized', decidedBy: 'token:e2e-analyst' },
    });
    for (const line of [tcpLine, udpLine]) {
      expect(line).toMatch(
        /^<\d+>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ plantwatch \d+ drift\.unauthorized - CEF:0\|Plantwatch\|Plantwatch Console\|[^|]+\|drift\.unauthorized\|/,
      );
      expect(line).toContain('cs1=plant-s');
      expect(line).toContain('cs2=press-01');
      expect(line).toContain('suser=token:e2e-analyst');
    }

    // The delivery log records each attempt once the receiver has answered.
    await waitFor('three deliveries in the log', async () => {
      const log = await getJson<{ items: { event: string }[] }>(
        console_.httpUrl,
        '/api/v1/alerts?state=delivered',
      );
      return log.items.filter((item) => item.event === 'drift.unauthorized').length === 3 ? true : undefined;
    });
  });

  it('an agent going offline reaches the receivers too', async () => {
    await agent?.stop();
    agent = undefined;
    const hook = await hooks.first((item) => item.headers['x-plantwatch-event'] === 'agent.offline');
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'agent.offline',
      agentId: 'gw-s',
      siteId: 'plant-s',
    });
    expect(await tcpLines.first((line) => line.includes('|agent.offline|'))).toContain('cs3=gw-s');
  });
});
