import {
  type AgentMessage,
  type AssetSnapshot,
  agentMessageSchema,
  agentTopic,
  formatIssues,
  PROTOCOL_VERSION,
  type StatusMessage,
} from '@plantwatch/protocol';
import { errorMessage, type Logger } from '@plantwatch/shared';
import { connect, type MqttClient } from 'mqtt';
import type { DetectedDrift } from '../drift-detector.ts';

export interface PublisherOptions {
  siteId: string;
  agentId: string;
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  agentVersion: string;
  startedAt: Date;
  targetCount: number;
  nextSeq: () => number;
  logger: Logger;
}

export interface Publisher {
  publishInventory(assets: AssetSnapshot[]): Promise<void>;
  publishDrift(drift: DetectedDrift): Promise<void>;
  /** Messages handed to the client and not yet acknowledged by the broker. */
  pending(): number;
  /** Publishes `offline`, waits up to `flushMs` for unacknowledged messages, then disconnects. */
  close(flushMs?: number): Promise<void>;
}

/**
 * Publishes the agent's messages with QoS 1. While the broker is away, mqtt.js keeps QoS 1
 * messages in memory and sends them after reconnecting, so polling never waits on the console.
 * The retained status topic says `online` after every connect; the will message, refreshed with a
 * new sequence number before every reconnect, makes the broker say `offline` if the agent vanishes.
 */
export function createMqttPublisher(options: PublisherOptions): Publisher {
  const { siteId, agentId, logger } = options;
  const inFlight = new Set<Promise<void>>();
  const envelope = () => ({
    v: PROTOCOL_VERSION,
    siteId,
    agentId,
    seq: options.nextSeq(),
    sentAt: new Date().toISOString(),
  });
  const status = (state: StatusMessage['state']): StatusMessage => ({
    ...envelope(),
    type: 'status',
    state,
    agentVersion: options.agentVersion,
    startedAt: options.startedAt.toISOString(),
    targetCount: options.targetCount,
  });
  const statusTopic = agentTopic(siteId, agentId, 'status');
  const will = () => ({
    topic: statusTopic,
    payload: Buffer.from(JSON.stringify(status('offline'))),
    qos: 1 as const,
    retain: true,
  });

  const client: MqttClient = connect(options.url, {
    clientId: `plantwatch-agent-${siteId}-${agentId}`,
    username: options.username,
    password: options.password,
    reconnectPeriod: 2_000,
    connectTimeout: 10_000,
    will: will(),
  });
  client.on('connect', () => {
    logger.info({ url: redact(options.url) }, 'connected to broker');
    void send(status('online'), true);
  });
  client.on('close', () => {
    // The next connect must carry a will with a fresh sequence number.
    client.options.will = will();
  });
  client.on('error', (error) => logger.warn({ err: errorMessage(error) }, 'broker connection error'));
  client.on('offline', () =>
    logger.warn('broker unreachable; messages are kept and sent after reconnecting'),
  );

  function send(message: AgentMessage, retain = false): Promise<void> {
    // A message that does not fit the contract is a bug here, not something to send.
    const checked = agentMessageSchema.safeParse(message);
    if (!checked.success) {
      return Promise.reject(
        new Error(
          `refusing to publish an invalid ${message.type}: ${formatIssues(checked.error, 3).join('; ')}`,
        ),
      );
    }
    const publish = client
      .publishAsync(agentTopic(siteId, agentId, message.type), JSON.stringify(message), { qos: 1, retain })
      .then(
        () => undefined,
        (error: unknown) =>
          logger.warn({ err: errorMessage(error), seq: message.seq, type: message.type }, 'publish failed'),
      )
      .finally(() => inFlight.delete(publish));
    inFlight.add(publish);
    return publish;
  }

  return {
    publishInventory: (assets) => send({ ...envelope(), type: 'inventory', assets }),
    publishDrift: (drift) => send({ ...envelope(), type: 'drift', ...drift }),
    pending: () => inFlight.size,
    async close(flushMs = 2_000) {
      if (client.connected) {
        void send(status('offline'), true);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, flushMs);
        });
        await Promise.race([Promise.allSettled([...inFlight]), timeout]);
        clearTimeout(timer);
      }
      await client.endAsync(true);
    },
  };
}

/** Never log credentials embedded in a URL. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
