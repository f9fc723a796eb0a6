import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../testing/memory-logger.ts';
import { waitFor } from '../testing/wait-for.ts';
import { type BrokerRefusal, type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.ts';

let broker: EmbeddedBroker;
let refusals: BrokerRefusal[];
const clients: MqttClient[] = [];

beforeEach(async () => {
  refusals = [];
  broker = await startEmbeddedBroker({
    host: '127.0.0.1',
    port: 0,
    logger: createMemoryLogger().logger,
    maxPayloadBytes: 1_000,
    onRefused: (reason) => refusals.push(reason),
    allowAnonymousAgents: true,
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await broker.close();
});

async function connect(clientId: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { clientId, reconnectPeriod: 0 });
  client.on('error', () => {});
  clients.push(client);
  return client;
}

const closed = (client: MqttClient) => new Promise<void>((resolve) => client.once('close', () => resolve()));

describe('embedded broker', () => {
  it('routes plantwatch/v1/ messages up to the size limit', async () => {
    const subscriber = await connect('sub');
    await subscriber.subscribeAsync('plantwatch/v1/+/+/+', { qos: 1 });
    const received = new Promise<Buffer>((resolve) =>
      subscriber.once('message', (_topic, payload) => resolve(payload)),
    );
    const publisher = await connect('pub');
    await publisher.publishAsync('plantwatch/v1/plant-a/gw-01/status', Buffer.alloc(1_000, 0x20), { qos: 1 });
    expect((await received).length).toBe(1_000);
    expect(refusals).toEqual([]);
  });

  it('cuts off a client that publishes outside plantwatch/v1/', async () => {
    const publisher = await connect('pub');
    const gone = closed(publisher);
    publisher.publish('$SYS/fake', 'x', { qos: 0 });
    await gone;
    await waitFor(() => (refusals.length > 0 ? true : undefined), { what: 'a refusal' });
    expect(refusals).toEqual(['bad_topic']);
  });

  it('cuts off a client whose payload is over the limit', async () => {
    const publisher = await connect('pub');
    const gone = closed(publisher);
    publisher.publish('plantwatch/v1/plant-a/gw-01/inventory', Buffer.alloc(1_001, 0x20), { qos: 0 });
    await gone;
    await waitFor(() => (refusals.length > 0 ? true : undefined), { what: 'a refusal' });
    expect(refusals).toEqual(['too_large']);
  });

  it('closes idempotently', async () => {
    await broker.close();
    await broker.close();
  });
});
