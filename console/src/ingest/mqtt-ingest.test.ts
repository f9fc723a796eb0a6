import { agentTopic } from '@plantwatch/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../broker/embedded-broker.ts';
import { openDatabase } from '../db/client.ts';
import { createIngestService } from '../services/ingest-service.ts';
import { createMemoryLogger } from '../testing/memory-logger.ts';
import { inventoryMessage } from '../testing/messages.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { waitFor } from '../testing/wait-for.ts';
import { type MqttIngest, startMqttIngest } from './mqtt-ingest.ts';

let temp: Awaited<ReturnType<typeof createTempDir>>;
let broker: EmbeddedBroker;
let publisher: MqttClient;
const toClose: (() => Promise<void> | void)[] = [];
const memory = createMemoryLogger();

beforeEach(async () => {
  temp = await createTempDir();
  broker = await startEmbeddedBroker({
    host: '127.0.0.1',
    port: 0,
    logger: memory.logger,
    allowAnonymousAgents: true,
  });
  publisher = await mqtt.connectAsync(broker.url, { clientId: 'gw-01', reconnectPeriod: 0 });
});

afterEach(async () => {
  for (const close of toClose.splice(0).reverse()) await close();
  await publisher.endAsync(true);
  await broker.close();
  await temp.remove();
});

/** A console's ingest side over the shared data dir: its database, ingest service and MQTT client. */
async function startIngest() {
  const database = openDatabase(temp.dir);
  const ingest = createIngestService({ db: database.db });
  let client: MqttIngest | undefined;
  const close = async () => {
    await client?.close();
    database.close();
  };
  toClose.push(close);
  client = await startMqttIngest({
    url: broker.localUrl,
    ingest,
    logger: memory.logger,
    clientId: 'console-under-test',
  });
  return { ingest, database, close };
}

describe('MQTT ingest', () => {
  it('acknowledges a message only once it is stored: a failed store is delivered again', async () => {
    const first = await startIngest();
    // Storage breaks: the message cannot be stored, so it must stay unacknowledged at the broker.
    first.database.close();
    await publisher.publishAsync(
      agentTopic('plant-a', 'gw-01', 'inventory'),
      JSON.stringify(inventoryMessage({ seq: 1 })),
      {
        qos: 1,
      },
    );
    await waitFor(
      () =>
        memory.entries().find((entry) => entry.msg === 'cannot store agent message; it stays unacknowledged'),
      {
        what: 'the storage failure',
      },
    );
    expect(first.ingest.stats().accepted).toBe(0);
    await first.close();

    // The console comes back with working storage: the broker redelivers the unacknowledged message.
    const second = await startIngest();
    await waitFor(() => (second.ingest.stats().accepted === 1 ? true : undefined), {
      what: 'the redelivered message',
    });
  });

  it('survives any payload and acknowledges rejected messages so they are not redelivered', async () => {
    const first = await startIngest();
    const topic = agentTopic('plant-a', 'gw-01', 'inventory');
    for (const payload of ['', 'null', '[]', '{"__proto__":{"x":1}}', Buffer.from([0xff, 0xfe, 0x00])]) {
      await publisher.publishAsync(topic, payload, { qos: 1 });
    }
    await publisher.publishAsync(topic, JSON.stringify(inventoryMessage({ seq: 1 })), { qos: 1 });
    await waitFor(() => (first.ingest.stats().accepted === 1 ? true : undefined), {
      what: 'the valid message',
    });
    expect(first.ingest.stats().rejected).toEqual({ not_json: 2, invalid_schema: 3 });
    await first.close();

    const second = await startIngest();
    await publisher.publishAsync(topic, JSON.stringify(inventoryMessage({ seq: 2 })), { qos: 1 });
    await waitFor(() => (second.ingest.stats().accepted === 1 ? true : undefined), {
      what: 'the next message',
    });
    expect(second.ingest.stats()).toEqual({ accepted: 1, duplicates: 0, rejected: {} });
  });

  it('fails start-up with a clear error when the broker cannot be reached', async () => {
    const database = openDatabase(temp.dir);
    toClose.push(() => database.close());
    const closedPort = broker.port;
    await broker.close();
    await expect(
      startMqttIngest({
        url: `mqtt://127.0.0.1:${closedPort}`,
        ingest: createIngestService({ db: database.db }),
        logger: memory.logger,
      }),
    ).rejects.toThrow(/cannot connect to the MQTT broker at mqtt:\/\/127\.0\.0\.1:\d+/);
  });
});
