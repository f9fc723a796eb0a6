import { createLogger, type Logger } from '@plantwatch/shared';
import { startAlertDispatcher } from './alerts/dispatcher.ts';
import { startEmbeddedBroker } from './broker/embedded-broker.ts';
import { brokerTlsFor } from './broker/tls/broker-transport.ts';
import { type ConsoleOptions, parseConsoleOptions } from './config.ts';
import { openDatabase } from './db/client.ts';
import { startHttpServer } from './http-server.ts';
import { createAgentMessageHandler } from './ingest/agent-message-handler.ts';
import { createGroupCommit } from './ingest/group-commit.ts';
import { createMessageSignatureCheck } from './ingest/message-signatures.ts';
import { startMqttIngest } from './ingest/mqtt-ingest.ts';
import { withoutCredentials } from './ingest/mqtt-url.ts';
import { startRetentionSchedule } from './retention-schedule.ts';
import { createApp } from './routes/app.tsx';
import type { AgentBrokerInfo } from './services/enrollment/enrollment-service.ts';
import { createConsoleCore } from './services/index.ts';
import type { IngestStats } from './services/ingest-service.ts';
import { CONSOLE_VERSION } from './version.ts';

export interface ConsoleHandle {
  /** e.g. http://127.0.0.1:41234 */
  readonly httpUrl: string;
  /** The URL agents should use, e.g. mqtts://127.0.0.1:41235 */
  readonly mqttUrl: string;
  /** The CA agents trust for the embedded broker (PEM) and its SHA-256; null without TLS or a CA file. */
  readonly mqttCa: { certificate: string; fingerprint: string } | null;
  ingestStats(): IngestStats;
  /** Set on the first start with an empty database: the admin account and its one-time password. */
  readonly firstAdmin?: { username: string; oneTimePassword: string };
  /** Closes HTTP, the broker or ingest client, and the database, in that order; idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the console: database (migrated), MQTT broker (embedded, which stores what agents publish
 * before acknowledging it) or an ingest client of an external broker, and the HTTP server. Resolves
 * once HTTP and the broker listen (or the ingest client holds its subscription); if any step fails,
 * what was started is closed again.
 */
export async function createConsole(options: ConsoleOptions): Promise<ConsoleHandle> {
  const config = parseConsoleOptions(options);
  const logger: Logger = options.logger ?? createLogger({ name: 'console' });
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        logger.warn({ err: error }, 'error while closing the console');
      }
    }
  };

  try {
    const database = openDatabase(config.dataDir);
    closers.push(() => database.close());
    // Late-bound: the dispatcher needs the settings the core creates, the core needs to wake it.
    let wakeAlerts = () => {};
    // Deferred to a microtask: under group commit, the ingest service's "commit" is a savepoint and
    // the batch's transaction commits when the current synchronous run ends.
    // Known once the broker listens; enrollment tells it to agents.
    let agentBroker: AgentBrokerInfo = { url: '', caCertificate: null };
    const core = createConsoleCore({
      db: database.db,
      afterCommit: () => queueMicrotask(() => wakeAlerts()),
      agentBroker: () => agentBroker,
    });
    const { ingest } = core;
    if (options.settings !== undefined) core.services.settings.update(options.settings, 'config-file');
    const created = await core.services.users.ensureFirstAdmin();
    const firstAdmin =
      created?.oneTimePassword === undefined
        ? undefined
        : { username: created.user.username, oneTimePassword: created.oneTimePassword };
    if (firstAdmin !== undefined) {
      // The requirement: never a fixed default password. This one works once.
      logger.warn(firstAdmin, 'first start: sign in with this one-time password and choose your own');
    }
    const dispatcher = startAlertDispatcher({
      db: database.db,
      settings: () => core.services.settings.current(),
      logger: logger.child({ component: 'alerts' }),
      productVersion: CONSOLE_VERSION,
    });
    wakeAlerts = () => dispatcher.wake();
    closers.push(() => dispatcher.close());
    const retention = startRetentionSchedule(
      core.services.retention,
      logger.child({ component: 'retention' }),
      undefined,
      () => core.services.sessions.sweep(),
    );
    closers.push(() => retention.close());

    // Every message from an enrolled agent must carry its valid signature, on either broker.
    const signatures = createMessageSignatureCheck(database.db, {
      allowUnsignedAgents:
        config.mqtt.mode === 'embedded' ? config.mqtt.allowAnonymousAgents : config.mqtt.allowUnsignedAgents,
    });
    let mqttUrl: string;
    let mqttCa: ConsoleHandle['mqttCa'] = null;
    const ingestLogger = logger.child({ component: 'ingest' });
    if (config.mqtt.mode === 'embedded') {
      // The broker stores each message before it acknowledges it; no ingest client is needed.
      const brokerLogger = logger.child({ component: 'broker' });
      const tls = brokerTlsFor(config.mqtt, config.dataDir, brokerLogger);
      const broker = await startEmbeddedBroker({
        host: config.mqtt.host,
        port: config.mqtt.port,
        tls,
        publicUrl: config.mqtt.publicUrl,
        logger: brokerLogger,
        onRefused: (reason) => ingest.recordRejected(reason),
        agents: core.services.enrollment,
        allowAnonymousAgents: config.mqtt.allowAnonymousAgents,
        maxMessagesPerSecond: config.mqtt.maxMessagesPerSecond,
        storeBeforeAck: createGroupCommit({
          handle: createAgentMessageHandler({ ingest, logger: ingestLogger, signatures }),
          transaction: (work) => database.db.transaction(() => work()),
          logger: ingestLogger,
        }),
      });
      closers.push(() => broker.close());
      mqttUrl = broker.url;
      agentBroker = {
        url: broker.url,
        caCertificate: tls?.caCertificate ?? null,
        caFingerprint: tls?.caFingerprint ?? null,
      };
      if (tls?.caCertificate && tls.caFingerprint)
        mqttCa = { certificate: tls.caCertificate, fingerprint: tls.caFingerprint };
    } else {
      mqttUrl = withoutCredentials(config.mqtt.url);
      agentBroker = { url: mqttUrl, caCertificate: null };
      const mqttIngest = await startMqttIngest({
        url: config.mqtt.url,
        username: config.mqtt.username,
        password: config.mqtt.password,
        ingest,
        logger: ingestLogger,
        signatures,
      });
      closers.push(() => mqttIngest.close());
    }

    const app = createApp({ services: core.services, logger, mqttUrl });
    const http = await startHttpServer(app, config.http.host, config.http.port);
    closers.push(() => http.close());

    logger.info({ httpUrl: http.url, mqttUrl, dataDir: config.dataDir }, 'console started');
    let closing: Promise<void> | undefined;
    return {
      httpUrl: http.url,
      mqttUrl,
      mqttCa,
      ingestStats: () => ingest.stats(),
      ...(firstAdmin === undefined ? {} : { firstAdmin }),
      close() {
        closing ??= closeAll().then(() => logger.info('console stopped'));
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
