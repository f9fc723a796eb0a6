import { agentTopic } from '@plantwatch/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { createAgentMessageHandler } from '../ingest/agent-message-handler.ts';
import { createGroupCommit } from '../ingest/group-commit.ts';
import { type ConsoleCore, createConsoleCore } from '../services/index.ts';
import { createMemoryLogger } from '../testing/memory-logger.ts';
import { assetSnapshot, inventoryMessage, statusMessage } from '../testing/messages.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { waitFor } from '../testing/wait-for.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.ts';

/** The embedded broker stores what an agent publishes before it sends the PUBACK. */

let temp: Awaited<ReturnType<typeof createTempDir>>;
let database: DatabaseHandle;
let core: ConsoleCore;
let broker: EmbeddedBroker;
/** Replaces the store for one test, e.g. to make it fail. */
let storeOverride: ((topic: string, payload: Buffer) => Error | undefined) | undefined;
let transactions: number;
const clients: MqttClient[] = [];
const memory = createMemoryLogger();

beforeEach(async () => {
  temp = await createTempDir();
  database = openDatabase(temp.dir);
  core = createConsoleCore({ db: database.db });
  const handle = createAgentMessageHandler({ ingest: core.ingest, logger: memory.logger });
  storeOverride = undefined;
  transactions = 0;
  broker = await startEmbeddedBroker({
    host: '127.0.0.1',
    port: 0,
    logger: memory.logger,
    allowAnonymousAgents: true,
    storeBeforeAck: createGroupCommit({
      handle: (topic, payload) => (storeOverride ?? handle)(topic, payload),
      transaction: (work) => {
        transactions += 1;
        database.db.transaction(() => work());
      },
      logger: memory.logger,
    }),
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await broker.close();
  database.close();
  await temp.remove();
});

async function connect(options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { clientId: 'gw-01', reconnectPeriod: 0, ...options });
  client.on('error', () => {});
  clients.push(client);
  return client;
}

const PAGE = { limit: 500, offset: 0 };
const topic = (type: 'status' | 'inventory') => agentTopic('plant-a', 'gw-01', type);
const storedAssetIds = () =>
  core.services.assets
    .listAssets(null, { siteId: 'plant-a' }, { ...PAGE, sort: 'asset', dir: 'asc' })
    .items.map((asset) => asset.assetId);

describe('embedded broker: store before PUBACK', () => {
  it('has every message in the database the moment its PUBACK arrives', async () => {
    const agent = await connect();
    // Many in flight at once, as an agent draining its outbox sends them.
    await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const seq = index + 1;
        const message = inventoryMessage({ seq }, [assetSnapshot({ assetId: `plc-${seq}` })]);
        await agent.publishAsync(topic('inventory'), JSON.stringify(message), { qos: 1 });
        // No waiting: PUBACK means committed.
        expect(storedAssetIds()).toContain(`plc-${seq}`);
      }),
    );
    await agent.publishAsync(topic('status'), JSON.stringify(statusMessage({ seq: 51 })), { qos: 1 });
    expect(
      core.services.agents.list(null, { siteId: 'plant-a' }, { ...PAGE, sort: 'agent', dir: 'asc' }).items,
    ).toMatchObject([{ agentId: 'gw-01', state: 'online', lastSeq: 51 }]);
    expect(core.ingest.stats()).toEqual({ accepted: 51, duplicates: 0, rejected: {} });
    // Publishes that arrived together were committed together.
    expect(transactions).toBeLessThan(51);
  });

  it('acknowledges an invalid message without cutting off the agent, and counts it', async () => {
    const agent = await connect();
    await agent.publishAsync(topic('inventory'), '{"v":1,', { qos: 1 });
    await agent.publishAsync(topic('inventory'), JSON.stringify({ v: 1, type: 'inventory' }), { qos: 1 });
    await agent.publishAsync(topic('inventory'), JSON.stringify(inventoryMessage({ seq: 1 })), { qos: 1 });
    expect(agent.connected).toBe(true);
    expect(core.ingest.stats()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: { not_json: 1, invalid_schema: 1 },
    });
  });

  it('withholds the PUBACK when storing fails, so the agent sends the message again', async () => {
    let failures = 0;
    storeOverride = () => {
      failures += 1;
      storeOverride = undefined;
      return new Error('disk full');
    };
    const agent = await connect({ reconnectPeriod: 50, clean: false });
    const cutOff = new Promise<void>((resolve) => agent.once('close', () => resolve()));
    const message = JSON.stringify(inventoryMessage({ seq: 7 }));
    const acknowledged = agent.publishAsync(topic('inventory'), message, { qos: 1 });
    await cutOff;
    expect(storedAssetIds()).toEqual([]);
    // mqtt.js resends the unacknowledged publish after reconnecting; this time it is stored.
    await acknowledged;
    expect(failures).toBe(1);
    expect(storedAssetIds()).toEqual(['press-01']);
  });

  it("stores an agent's will when its connection drops", async () => {
    const will = statusMessage({ seq: 2 }, { state: 'offline' });
    const agent = await connect({
      will: { topic: topic('status'), payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
    });
    await agent.publishAsync(topic('status'), JSON.stringify(statusMessage({ seq: 1 })), { qos: 1 });
    agent.stream.destroy();
    await waitFor(
      () =>
        core.services.agents.list(null, {}, { ...PAGE, sort: 'agent', dir: 'asc' }).items[0]?.state ===
        'offline'
          ? true
          : undefined,
      { what: 'the will stored' },
    );
    expect(core.services.agents.list(null, {}, { ...PAGE, sort: 'agent', dir: 'asc' }).items).toMatchObject([
      { lastSeq: 2 },
    ]);
  });
});
