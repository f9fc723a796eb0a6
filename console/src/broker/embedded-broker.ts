import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { LIMITS } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';
import { Aedes } from 'aedes';
import type { BrokerRefusal } from '../ingest/refusals.ts';
import { connectableHost, hostPort, listen } from '../listen.ts';
import { type AgentDirectory, createAgentAccess } from './agent-access.ts';
import { guardFrameSize } from './frame-size-guard.ts';
import { agentBrokerUrl } from './tls/broker-address.ts';

export type { BrokerRefusal };

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Called for every refused connection, publish or subscription, so that refusals are counted. */
  onRefused?: (reason: BrokerRefusal) => void;
  maxPayloadBytes?: number;
  /**
   * The broker's certificate and key (PEM): MQTT over TLS only. Without them the broker speaks
   * plain TCP, which the console allows only when explicitly asked to (development).
   */
  tls?: { cert: string; key: string } | undefined;
  /** The URL agents are told; by default built from the listen address (see tls/broker-address.ts). */
  publicUrl?: string | undefined;
  /** Enrolled agents: their credentials and revocations. */
  agents?: AgentDirectory;
  /** Development only: accept clients without credentials (any plantwatch/v1/ topic). */
  allowAnonymousAgents?: boolean;
  /** Per connection (default 200/s, with a burst of 1,000 for an outbox replay). */
  maxMessagesPerSecond?: number;
  burstMessages?: number;
  /**
   * Stores one accepted publish before aedes acknowledges it (see below): calls `done` once it is
   * committed, or with an error when it could not be stored (the publish is then refused and the
   * agent keeps it).
   */
  storeBeforeAck?: (topic: string, payload: Buffer, done: (error: Error | null) => void) => void;
}

export interface EmbeddedBroker {
  /** The URL agents should use (mqtts:// with TLS). */
  readonly url: string;
  /** The URL the console's own client uses (loopback when listening on every interface). */
  readonly localUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

// Room for the fixed header, topic and MQTT 5 properties around the largest payload.
const FRAME_OVERHEAD_BYTES = 64 * 1024;

/**
 * An MQTT broker inside the console process, for single-host installs and tests. It accepts only
 * Plantwatch topics and bounded packets, and only enrolled agents, each within its own topics
 * (see agent-access.ts), unless anonymous agents are explicitly allowed for development.
 *
 * Agents delete a QoS 1 message from their outbox on PUBACK, so nothing may be acknowledged before
 * it is in the database. aedes 1.2 runs `authorizePublish` first and only on its callback writes
 * the PUBACK and then routes the message (lib/handlers/publish.js: authorizePublish ->
 * enqueuePublish -> PUBACK -> broker.publish), so `storeBeforeAck` runs there and the callback
 * waits for the commit (a group commit, see ingest/group-commit.ts): a console killed at any moment
 * has stored everything it acknowledged. Will messages pass through `authorizePublish` too
 * (lib/client.js), so an agent's goodbye (status offline) is stored the same way.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { logger, onRefused = () => {} } = options;
  const maxPayloadBytes = options.maxPayloadBytes ?? LIMITS.messageBytes;

  const refuse = (reason: BrokerRefusal, fields: Record<string, unknown>) => {
    onRefused(reason);
    logger.warn({ ...fields, reason }, 'refused by the embedded broker');
  };
  const access = createAgentAccess({
    agents: options.agents,
    allowAnonymousAgents: options.allowAnonymousAgents ?? false,
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? 200,
    burstMessages: options.burstMessages ?? 1_000,
    refuse,
  });

  // Set while closing: the wills aedes publishes for the clients it disconnects are not stored as
  // agents going offline, and a publish in flight is refused (no PUBACK), so the agent keeps it.
  let closingBroker = false;

  const broker = await Aedes.createBroker({
    authenticate: access.authenticate,
    authorizeSubscribe: access.authorizeSubscribe,
    // MQTT 3.1.1 has no way to refuse a single publish: aedes closes the publisher's connection.
    authorizePublish(client, packet, callback) {
      if (closingBroker) {
        callback(new Error('the console is shutting down'));
        return;
      }
      const refusal = access.checkPublish(client, packet.topic);
      if (refusal !== undefined) {
        refuse(refusal, { client: client?.id.slice(0, 200), topic: packet.topic.slice(0, 200) });
        callback(new Error(`refused: ${refusal}`));
      } else if (Buffer.byteLength(packet.payload) > maxPayloadBytes) {
        refuse('too_large', {
          client: client?.id,
          topic: packet.topic,
          bytes: Buffer.byteLength(packet.payload),
        });
        callback(new Error(`payload over ${maxPayloadBytes} bytes`));
      } else {
        // A message that is stored, a duplicate or rejected as invalid (counted and logged by the
        // store) is authorized, so acknowledged: refusing it would close the agent's connection
        // and the agent would send the same message again after every reconnect, blocking its
        // outbox behind it. Only a failed store refuses, so that the agent retries it later.
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        if (options.storeBeforeAck) options.storeBeforeAck(packet.topic, payload, callback);
        else callback(null);
      }
    },
  });
  broker.on('clientDisconnect', (client) => access.forget(client));
  broker.on('clientError', (client, error) => {
    logger.debug({ client: client.id, err: error }, 'MQTT client error');
  });
  broker.on('connectionError', (_client, error) => {
    logger.debug({ err: error }, 'MQTT connection error');
  });

  const sockets = new Set<Socket>();
  const handle = (socket: Socket) => {
    broker.handle(socket);
    guardFrameSize(socket, maxPayloadBytes + FRAME_OVERHEAD_BYTES, (bytes) => {
      refuse('too_large', { remote: socket.remoteAddress, bytes });
      socket.destroy();
    });
  };
  // With TLS, aedes sees a connection only after the handshake, so nothing of MQTT (not even a
  // CONNECT with credentials) reaches it over a connection that is not encrypted.
  const server: Server = options.tls
    ? createTlsServer(
        { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2', handshakeTimeout: 10_000 },
        handle,
      )
    : createTcpServer(handle);
  // Raw connections, so that close() also ends those still in (or stuck before) a handshake.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Plain MQTT on the TLS port, an agent that does not trust the certificate, a timeout.
    refuse('tls_handshake', { remote: socket.remoteAddress, err: error.code ?? error.message });
  });

  let port: number;
  try {
    port = await listen(server, options.host, options.port, 'the embedded MQTT broker');
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url: agentBrokerUrl({
      listenHost: options.host,
      port,
      tls: options.tls !== undefined,
      publicUrl: options.publicUrl,
    }),
    localUrl: `${options.tls ? 'mqtts' : 'mqtt'}://${hostPort(connectableHost(options.host), port)}`,
    port,
    close() {
      closing ??= (async () => {
        closingBroker = true;
        access.close();
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await serverClosed;
      })();
      return closing;
    },
  };
}
