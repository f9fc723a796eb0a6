import { agentClientId, agentTopic } from '@plantwatch/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { agentKeys, enrollRequest } from '../testing/agent-keys.ts';
import { createGovernanceFixture, type GovernanceFixture } from '../testing/governance-fixture.ts';
import { createMemoryLogger } from '../testing/memory-logger.ts';
import { waitFor } from '../testing/wait-for.ts';
import { type BrokerRefusal, type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.ts';

const admin: Principal = { kind: 'user', id: 'u1', actor: 'alice', role: 'admin', sites: null };
let f: GovernanceFixture;
let broker: EmbeddedBroker;
let refusals: BrokerRefusal[];
let stored: string[];
const clients: MqttClient[] = [];

async function startBroker(options: { allowAnonymousAgents?: boolean; maxMessagesPerSecond?: number } = {}) {
  broker = await startEmbeddedBroker({
    host: '127.0.0.1',
    port: 0,
    logger: createMemoryLogger().logger,
    onRefused: (reason) => refusals.push(reason),
    agents: f.services.enrollment,
    burstMessages: 5,
    ...options,
    storeBeforeAck: (topic, _payload, done) => {
      stored.push(topic);
      done(null);
    },
  });
}

beforeEach(async () => {
  refusals = [];
  stored = [];
  f = await createGovernanceFixture();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await broker?.close();
  await f.close();
});

function enroll(agentId: string, siteId = 'plant-a') {
  const { token } = f.services.enrollment.createToken(
    { siteId, owner: 'OT', purpose: 'test', ttlMinutes: 10 },
    admin,
  );
  const { mqtt: credentials } = f.services.enrollment.redeem(enrollRequest(token, agentKeys(), agentId));
  return { siteId, agentId, username: credentials.username, password: credentials.password };
}
type Agent = ReturnType<typeof enroll>;

async function connect(options: mqtt.IClientOptions): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, ...options });
  client.on('error', () => {});
  clients.push(client);
  return client;
}
const connectAs = (agent: Agent, overrides: mqtt.IClientOptions = {}) =>
  connect({
    clientId: agentClientId(agent.siteId, agent.agentId),
    username: agent.username,
    password: agent.password,
    ...overrides,
  });
/** The CONNACK return code of a refused connection. */
const refusedWith = async (options: mqtt.IClientOptions) =>
  connect(options).then(
    () => 'connected',
    (error: { code?: number }) => error.code,
  );
const closed = (client: MqttClient) => new Promise<void>((resolve) => client.once('close', () => resolve()));
const refused = (reason: BrokerRefusal) =>
  waitFor(() => (refusals.includes(reason) ? true : undefined), { what: `a ${reason} refusal` });

describe('embedded broker: agent authentication', () => {
  it('refuses clients without credentials, with a wrong password, or under another client id', async () => {
    await startBroker();
    const agent = enroll('gw-1');
    expect(await refusedWith({ clientId: 'anon' })).toBe(5);
    expect(
      await refusedWith({ clientId: agentClientId('plant-a', 'gw-1'), username: 'gw-1', password: 'wrong' }),
    ).toBe(4);
    expect(await refusedWith({ clientId: 'x', username: 'nobody', password: agent.password })).toBe(4);
    expect(
      await refusedWith({
        clientId: agentClientId('plant-a', 'gw-2'),
        username: 'gw-1',
        password: agent.password,
      }),
    ).toBe(2);
    expect(refusals).toEqual(['anonymous', 'bad_credentials', 'bad_credentials', 'client_id']);
    await connectAs(agent);
  });

  it('lets an agent publish only under its own topics, and subscribe to nothing else', async () => {
    await startBroker();
    const agent = enroll('gw-1');
    enroll('gw-2');
    enroll('gw-9', 'plant-b');
    const client = await connectAs(agent);
    await client.publishAsync(agentTopic('plant-a', 'gw-1', 'status'), '{}', { qos: 1 });
    expect(stored).toEqual(['plantwatch/v1/plant-a/gw-1/status']);
    await client.subscribeAsync('plantwatch/v1/plant-a/gw-1/#', { qos: 1 });
    await expect(client.subscribeAsync('plantwatch/v1/#', { qos: 1 })).rejects.toThrow();
    await expect(client.subscribeAsync('plantwatch/v1/plant-a/+/status', { qos: 1 })).rejects.toThrow();
    expect(refusals).toEqual(['subscribe_denied', 'subscribe_denied']);

    for (const topic of [
      agentTopic('plant-a', 'gw-2', 'inventory'),
      agentTopic('plant-b', 'gw-1', 'drift'),
    ]) {
      const again = await connectAs(agent);
      const gone = closed(again);
      again.publish(topic, '{}', { qos: 1 });
      await gone;
    }
    await waitFor(() => (refusals.length === 4 ? true : undefined), { what: 'two refusals' });
    expect(refusals.slice(2)).toEqual(['not_own_topic', 'not_own_topic']);
    expect(stored).toEqual(['plantwatch/v1/plant-a/gw-1/status']);
  });

  it('disconnects a revoked agent at once and refuses it from then on', async () => {
    await startBroker();
    const agent = enroll('gw-1');
    const client = await connectAs(agent);
    const gone = closed(client);
    f.services.enrollment.revoke('gw-1', admin);
    await gone;
    expect(
      await refusedWith({
        clientId: agentClientId('plant-a', 'gw-1'),
        username: 'gw-1',
        password: agent.password,
      }),
    ).toBe(5);
    expect(refusals).toContain('revoked');
  });

  it('disconnects an agent whose password was rotated; only the new password works', async () => {
    await startBroker();
    const agent = enroll('gw-1');
    const client = await connectAs(agent);
    const gone = closed(client);
    const rotated = f.services.enrollment.rotate('gw-1', admin);
    await gone;
    expect(
      await refusedWith({
        clientId: agentClientId('plant-a', 'gw-1'),
        username: 'gw-1',
        password: agent.password,
      }),
    ).toBe(4);
    await connectAs({ ...agent, password: rotated.mqtt.password });
  });

  it('cuts off a client that publishes faster than its rate limit', async () => {
    await startBroker({ maxMessagesPerSecond: 1 });
    const agent = enroll('gw-1');
    const client = await connectAs(agent);
    const gone = closed(client);
    for (let i = 0; i < 10; i += 1)
      client.publish(agentTopic('plant-a', 'gw-1', 'inventory'), '{}', { qos: 1 });
    await gone;
    await refused('rate_limited');
    expect(stored.length).toBe(5);
  });

  it('accepts anonymous clients anywhere under plantwatch/v1/ only in development mode', async () => {
    await startBroker({ allowAnonymousAgents: true });
    const anonymous = await connect({ clientId: 'dev-agent' });
    await anonymous.publishAsync(agentTopic('plant-z', 'gw-z', 'status'), '{}', { qos: 1 });
    await anonymous.subscribeAsync('plantwatch/v1/#', { qos: 1 });
    // Enrolled agents keep their limits in development mode too.
    const agent = await connectAs(enroll('gw-1'));
    await expect(agent.subscribeAsync('plantwatch/v1/#', { qos: 1 })).rejects.toThrow();
    expect(stored).toEqual(['plantwatch/v1/plant-z/gw-z/status']);
  });
});
