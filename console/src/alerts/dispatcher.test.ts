import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertDeliveries, alertOutbox } from '../db/schema/index.ts';
import { createGovernanceFixture, type GovernanceFixture, pressWith } from '../testing/governance-fixture.ts';
import { createMemoryLogger } from '../testing/memory-logger.ts';
import { inventoryMessage, statusMessage } from '../testing/messages.ts';
import {
  type SyslogListener,
  startSyslogTcp,
  startSyslogUdp,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../testing/receivers.ts';
import { waitFor } from '../testing/wait-for.ts';
import { type AlertDispatcher, startAlertDispatcher } from './dispatcher.ts';

const SECRET = 'webhook-secret-for-tests';
let f: GovernanceFixture;
let hook: WebhookReceiver;
let tcp: SyslogListener;
let udp: SyslogListener;
let dispatcher: AlertDispatcher | undefined;
let seq = 0;
const send = (...messages: Parameters<GovernanceFixture['ingest']['ingest']>[0][]) => {
  for (const message of messages) f.ingest.ingest(message);
};
const start = () => {
  dispatcher = startAlertDispatcher({
    db: f.database.db,
    settings: () => f.services.settings.current(),
    logger: createMemoryLogger().logger,
    productVersion: '0.1.0',
  });
  return dispatcher;
};

beforeEach(async () => {
  seq = 0;
  [hook, tcp, udp] = await Promise.all([startWebhookReceiver(), startSyslogTcp(), startSyslogUdp()]);
  // Real time: the dispatcher schedules retries on the wall clock.
  f = await createGovernanceFixture({ afterCommit: () => dispatcher?.wake() });
  f.clock.now = new Date();
  f.services.settings.update(
    {
      alerts: {
        webhooks: [{ id: 'soc', url: hook.url, secret: SECRET, minSeverity: 'high' }],
        syslog: [
          { id: 'siem-tcp', host: '127.0.0.1', port: tcp.port, transport: 'tcp' },
          {
            id: 'siem-udp',
            host: '127.0.0.1',
            port: udp.port,
            transport: 'udp',
            events: ['drift.unauthorized'],
          },
        ],
        backoffBaseMs: 20,
        backoffMaxMs: 100,
        maxAttempts: 3,
      },
    },
    'alice',
  );
});
afterEach(async () => {
  await dispatcher?.close();
  dispatcher = undefined;
  await Promise.all([hook.close(), tcp.close(), udp.close()]);
  await f.close();
});

const inventory = (setpoint: number, checksum = 4242) => {
  seq += 1;
  return inventoryMessage({ seq }, [pressWith({ setpoint, checksum })]);
};

describe('alert dispatcher', () => {
  it('sends new drift to the targets whose threshold it reaches, signed, and logs each delivery', async () => {
    start();
    send(inventory(100), inventory(120)); // config drift: medium, below the webhook threshold
    const medium = await tcp.next();
    expect(medium).toMatch(
      /^<132>1 \S+ \S+ plantwatch \d+ drift\.opened - CEF:0\|Plantwatch\|Plantwatch Console\|0\.1\.0\|drift\.opened\|/,
    );
    expect(medium).toContain('cs2=press-01');

    f.services.decisions.decide(
      f.records()[0]?.id ?? 0,
      { decision: 'approve', ticket: 'T-1', comment: 'ok' },
      'alice',
    );
    send(inventory(120, 1)); // program drift: critical
    const request = await hook.next();
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: 'drift.opened',
      severity: 'critical',
      siteId: 'plant-a',
      assetId: 'press-01',
      drift: { class: 'program', changes: [{ path: 'program_checksum', before: 4242, after: 1 }] },
    });
    const timestamp = String(request.headers['x-plantwatch-timestamp']);
    const expected = createHmac('sha256', SECRET).update(`${timestamp}.${request.body}`).digest('hex');
    expect(request.headers['x-plantwatch-signature']).toBe(`sha256=${expected}`);
    expect(request.headers['x-plantwatch-event']).toBe('drift.opened');
    expect(request.headers['x-plantwatch-delivery']).toBe(String(body.deliveryId));
    expect(await tcp.next()).toContain('drift.opened');
    await waitFor(() =>
      f.database.db.select().from(alertOutbox).where(eq(alertOutbox.state, 'pending')).all().length === 0
        ? true
        : undefined,
    );
    expect(hook.received).toHaveLength(1);
    expect(udp.received).toHaveLength(0);
    expect(
      f.database.db
        .select()
        .from(alertDeliveries)
        .all()
        .every((delivery) => delivery.ok),
    ).toBe(true);
  });

  it('sends unauthorized decisions and agents going offline to every subscribed target', async () => {
    start();
    send(inventory(100), inventory(120));
    await tcp.next();
    f.services.decisions.decide(
      f.records()[0]?.id ?? 0,
      { decision: 'unauthorized', comment: 'not planned' },
      'bob',
    );
    const [webhook, tcpLine, udpLine] = await Promise.all([hook.next(), tcp.next(), udp.next()]);
    expect(JSON.parse(webhook.body)).toMatchObject({
      event: 'drift.unauthorized',
      drift: { state: 'unauthorized', decidedBy: 'bob', comment: 'not planned' },
    });
    for (const line of [tcpLine, udpLine]) {
      expect(line).toContain('|drift.unauthorized|Unauthorized configuration change: config at plant-a|');
      expect(line).toContain('suser=bob');
    }
    seq += 1;
    send(statusMessage({ seq }, { state: 'offline' }));
    expect(JSON.parse((await hook.next()).body)).toMatchObject({
      event: 'agent.offline',
      agentId: 'gw-01',
      assetId: null,
    });
    expect(await tcp.next()).toContain('agent.offline');
  });

  it('alerts again, for the same record, when an open record grows to a higher severity', async () => {
    start();
    send(inventory(100), inventory(120));
    await tcp.next();
    send(inventory(121, 1)); // the same open record now includes a program change
    const body = JSON.parse((await hook.next()).body) as {
      severity: string;
      drift: { id: number; class: string };
    };
    expect(body).toMatchObject({ severity: 'critical', drift: { id: f.records()[0]?.id, class: 'program' } });
  });

  it('retries a failing webhook with backoff, and gives up after the last attempt', async () => {
    hook.statuses.push(500, 503);
    start();
    send(inventory(100), inventory(120, 1));
    await hook.next();
    await hook.next();
    await hook.next(); // the third attempt gets 200
    const [row] = await waitFor(() => {
      const rows = f.database.db.select().from(alertOutbox).where(eq(alertOutbox.targetId, 'soc')).all();
      return rows[0]?.state === 'delivered' ? rows : undefined;
    });
    const log = f.database.db
      .select()
      .from(alertDeliveries)
      .where(eq(alertDeliveries.outboxId, row?.id ?? 0))
      .all();
    expect(log.map((entry) => [entry.attempt, entry.ok, entry.status])).toEqual([
      [1, false, 500],
      [2, false, 503],
      [3, true, 200],
    ]);

    hook.statuses.push(500, 500, 500);
    f.services.decisions.decide(
      f.records()[0]?.id ?? 0,
      { decision: 'approve', ticket: 'T-2', comment: 'ok' },
      'alice',
    );
    send(inventory(120, 2));
    const failed = await waitFor(() => {
      const rows = f.database.db.select().from(alertOutbox).where(eq(alertOutbox.state, 'failed')).all();
      return rows.length > 0 ? rows : undefined;
    });
    expect(failed).toMatchObject([{ targetId: 'soc', attempts: 3, lastError: 'HTTP 500' }]);
  });

  it('keeps queued alerts across a restart and delivers them when the dispatcher starts', async () => {
    send(inventory(100), inventory(120, 1));
    expect(
      f.database.db
        .select()
        .from(alertOutbox)
        .all()
        .map((row) => row.state),
    ).toEqual(['pending', 'pending']);
    start();
    await hook.next();
    await tcp.next();
  });
});
