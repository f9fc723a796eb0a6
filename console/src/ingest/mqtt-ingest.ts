import { ALL_AGENT_TOPICS } from '@plantwatch/protocol';
import { type Logger, PlantwatchError } from '@plantwatch/shared';
import mqtt, { type MqttClient } from 'mqtt';
import type { IngestService } from '../services/ingest-service.ts';
import { createAgentMessageHandler } from './agent-message-handler.ts';
import type { MessageSignatureCheck } from './message-signatures.ts';
import { redact } from './mqtt-url.ts';

export interface MqttIngestOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Fixed, so that the broker keeps this client's session (clean: false) across restarts. */
  clientId?: string;
  ingest: Pick<IngestService, 'ingest' | 'recordRejected'>;
  logger: Logger;
  /** Every message is checked against its agent's enrolled key: the broker vouches for nothing. */
  signatures?: MessageSignatureCheck;
  connectTimeoutMs?: number;
}

export interface MqttIngest {
  close(): Promise<void>;
}

export const INGEST_CLIENT_ID = 'plantwatch-console';

/**
 * The console's MQTT client for an external broker: one subscription to every agent topic, QoS 1,
 * persistent session. (The embedded broker stores messages itself, before it acknowledges them to
 * the agent: see `storeBeforeAck` in the embedded broker.)
 *
 * Messages are handled in `handleMessage`, not in a 'message' listener: mqtt.js sends the PUBACK
 * of a QoS 1 message only when that callback is called, so a message is acknowledged only once it
 * is stored (or refused for good). When storing fails, the PUBACK is withheld and the broker
 * delivers the message again after the next reconnect. mqtt.js also waits for the callback before
 * handing over the next message, which keeps ingest in order and gives the broker back-pressure.
 */
export async function startMqttIngest(options: MqttIngestOptions): Promise<MqttIngest> {
  const { ingest, logger } = options;
  const client = mqtt.connect(options.url, {
    clientId: options.clientId ?? INGEST_CLIENT_ID,
    clean: false,
    username: options.username,
    password: options.password,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    reconnectPeriod: 1_000,
  });

  // Never throws: an exception escaping here would break the client's packet loop.
  const handle = createAgentMessageHandler({ ingest, logger, signatures: options.signatures });
  client.handleMessage = (packet, done) => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    done(handle(packet.topic, payload));
  };

  // Before the first connection, errors fail start-up instead (see firstConnection) and are not logged twice.
  let started = false;
  client.on('error', (error) => {
    if (started) logger.warn({ err: error }, 'MQTT ingest client error');
  });
  client.on('offline', () => logger.warn({ url: redact(options.url) }, 'MQTT ingest client offline'));
  client.on('reconnect', () => logger.info('MQTT ingest client reconnecting'));

  try {
    await firstConnection(client, options.url);
    const granted = await client.subscribeAsync(ALL_AGENT_TOPICS, { qos: 1 });
    if (granted.some((grant) => grant.qos !== 1)) {
      throw new PlantwatchError('unavailable', `the broker did not grant ${ALL_AGENT_TOPICS} at QoS 1`);
    }
  } catch (error) {
    await client.endAsync(true);
    if (error instanceof PlantwatchError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlantwatchError('unavailable', `cannot subscribe to ${ALL_AGENT_TOPICS}: ${reason}`, {
      cause: error,
    });
  }
  started = true;
  logger.info({ url: redact(options.url), topic: ALL_AGENT_TOPICS }, 'MQTT ingest subscribed');

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= client.endAsync().catch((error: unknown) => {
        logger.warn({ err: error }, 'MQTT ingest client did not close cleanly');
      });
      return closing;
    },
  };
}

/** Resolves on the first CONNACK; at start-up a broker that cannot be reached is an error, not a retry. */
function firstConnection(client: MqttClient, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (cause?: Error) => {
      cleanup();
      const reason = cause?.message ?? 'connection closed';
      reject(
        new PlantwatchError('unavailable', `cannot connect to the MQTT broker at ${redact(url)}: ${reason}`, {
          cause,
        }),
      );
    };
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const onClose = () => fail();
    const cleanup = () => {
      client.off('connect', onConnect);
      client.off('error', fail);
      client.off('close', onClose);
    };
    client.on('connect', onConnect);
    client.on('error', fail);
    client.on('close', onClose);
  });
}
