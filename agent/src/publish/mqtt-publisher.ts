import { agentClientId, agentTopic, PROTOCOL_VERSION, type StatusMessage } from '@plantwatch/protocol';
import { errorMessage, type Logger } from '@plantwatch/shared';
import { connect, type MqttClient } from 'mqtt';
import type { AgentStore } from '../state/agent-store.ts';
import { createRateLimiter } from './rate-limiter.ts';

export interface PublisherOptions {
  siteId: string;
  agentId: string;
  url: string;
  username?: string | undefined;
  /** Asked again before every reconnect: a password file replaced after a rotation takes effect. */
  password?: () => string | undefined;
  /** PEM of the CA the broker's certificate must chain to (mqtts://); the system CAs otherwise. */
  ca?: string | undefined;
  agentVersion: string;
  startedAt: Date;
  targetCount: number;
  store: AgentStore;
  /** JSON, signed for an enrolled agent (identity/message-signer.ts). */
  serialize?: (message: StatusMessage) => string;
  logger: Logger;
  /** Messages handed to the broker and not yet acknowledged, at most. */
  maxInFlight: number;
  /** Messages per second, at most, also when replaying a long outbox after an outage. */
  ratePerSecond: number;
  /** How often a status message reports the agent alive, with its outbox figures. */
  heartbeatMs: number;
}

export interface Publisher {
  /** Sends what the outbox holds, if connected; call after queuing messages. */
  wake(): void;
  /** Publishes `offline`, waits up to `flushMs` for the outbox to drain, then disconnects. */
  close(flushMs?: number): Promise<void>;
}

/**
 * Delivers the outbox over MQTT with QoS 1: oldest first, a bounded number in flight, rate limited,
 * and a message leaves the outbox only when the broker has acknowledged it. After a lost connection
 * everything unacknowledged is sent again (the console ingests idempotently by sequence number), so
 * delivery is at least once and nothing is lost across broker outages or agent restarts.
 *
 * The retained status topic says `online` after every connect and on every heartbeat; the will
 * message, refreshed with a new sequence number before every reconnect, says `offline` if the agent
 * vanishes.
 */
export function createMqttPublisher(options: PublisherOptions): Publisher {
  const { siteId, agentId, logger, store } = options;
  const statusTopic = agentTopic(siteId, agentId, 'status');
  const limiter = createRateLimiter(options.ratePerSecond);
  const stop = new AbortController();
  const inFlight = new Set<number>();
  let cursor = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  const serialize = options.serialize ?? ((message: StatusMessage) => JSON.stringify(message));
  // The live connection's will and the number reserved for its `online` status, right above it:
  // the console excuses the number just below a status as that connection's will.
  let reserved: { will: number; online: number } | undefined;
  let acceptedSinceWill = false;
  const status = (state: StatusMessage['state'], seq = store.nextSeq()): StatusMessage => {
    const { depth, bytes, oldestAgeMs, dropped } = store.stats();
    // Numbers of earlier connections (and runs) that will never be sent: the console must not
    // count them as a gap. The live will is left out: it may still be published.
    const unsentSeqs =
      state === 'online'
        ? store.unsentWills().filter((unsent) => unsent !== reserved?.will && unsent !== seq)
        : [];
    return {
      v: PROTOCOL_VERSION,
      type: 'status',
      siteId,
      agentId,
      seq,
      sentAt: new Date().toISOString(),
      state,
      agentVersion: options.agentVersion,
      startedAt: options.startedAt.toISOString(),
      targetCount: options.targetCount,
      outbox: { depth, bytes, oldestAgeMs: oldestAgeMs === null ? null : Math.round(oldestAgeMs), dropped },
      ...(unsentSeqs.length > 0 ? { unsentSeqs } : {}),
    };
  };
  const will = () => {
    // A connection attempt that was never accepted registered no will: its numbers are kept.
    if (reserved === undefined || acceptedSinceWill) reserved = store.nextWillSeq();
    acceptedSinceWill = false;
    return {
      topic: statusTopic,
      payload: Buffer.from(serialize(status('offline', reserved.will))),
      qos: 1 as const,
      retain: true,
    };
  };
  const publishStatus = (state: StatusMessage['state'], seq?: number) => {
    const message = status(state, seq);
    return client
      .publishAsync(statusTopic, serialize(message), { qos: 1, retain: true })
      .then(() => {
        store.forgetWills([...(message.unsentSeqs ?? []), message.seq]);
      })
      .catch((error: unknown) => {
        logger.warn({ err: errorMessage(error) }, 'status publish failed');
      });
  };

  const client: MqttClient = connect(options.url, {
    clientId: agentClientId(siteId, agentId),
    username: options.username,
    password: options.password?.(),
    ...(options.ca === undefined ? {} : { ca: [options.ca] }),
    rejectUnauthorized: true,
    reconnectPeriod: 2_000,
    connectTimeout: 10_000,
    will: will(),
    // mqtt.js would otherwise pre-build a Buffer for every 16-bit number at the first packet
    // (65,536 objects, about 6 MiB of heap, for as long as the process runs) to save an
    // allocation per packet: a trade for brokers, not for an agent sending a few messages a second.
    writeCache: false,
  });
  client.on('connect', () => {
    logger.info({ url: redact(options.url), outbox: store.stats().depth }, 'connected to broker');
    acceptedSinceWill = true;
    void publishStatus('online', reserved?.online);
    drain();
  });
  client.on('close', () => {
    // Resend everything unacknowledged after reconnecting, and give the next will a fresh number.
    cursor = 0;
    inFlight.clear();
    client.options.will = will();
    try {
      client.options.password = options.password?.();
    } catch (error) {
      logger.warn(
        { err: errorMessage(error) },
        'cannot read the MQTT password; reconnecting with the last one',
      );
    }
  });
  client.on('error', (error) => logger.warn({ err: errorMessage(error) }, 'broker connection error'));
  client.on('offline', () => logger.warn('broker unreachable; messages wait in the outbox'));
  const heartbeat = setInterval(() => {
    if (client.connected) void publishStatus('online');
  }, options.heartbeatMs);

  function drain(): void {
    if (draining || stop.signal.aborted) return;
    draining = true;
    void (async () => {
      try {
        while (client.connected && !stop.signal.aborted) {
          const room = options.maxInFlight - inFlight.size;
          const batch = room > 0 ? store.pending(cursor, room) : [];
          if (batch.length === 0) break;
          for (const message of batch) {
            await limiter.take(stop.signal);
            if (!client.connected) break;
            cursor = message.seq;
            inFlight.add(message.seq);
            client.publishAsync(message.topic, message.payload, { qos: 1 }).then(
              () => {
                store.acknowledge(message.seq);
                inFlight.delete(message.seq);
                drain();
              },
              (error: unknown) => {
                inFlight.delete(message.seq);
                logger.warn(
                  { err: errorMessage(error), seq: message.seq },
                  'publish failed; it stays in the outbox',
                );
              },
            );
          }
        }
      } finally {
        draining = false;
        // Only while closing: stats() counts the whole outbox.
        if (drained && store.stats().depth === 0) drained();
      }
    })();
  }

  return {
    wake: drain,
    async close(flushMs = 2_000) {
      if (client.connected && store.stats().depth > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, flushMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
          drain();
        });
      }
      stop.abort();
      clearInterval(heartbeat);
      if (client.connected)
        await Promise.race([publishStatus('offline'), new Promise((r) => setTimeout(r, flushMs))]);
      await client.endAsync(true);
    },
  };
}

/** Never log credentials embedded in a URL. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
