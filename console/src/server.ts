import { createLogger, type Logger } from '@plantwatch/shared';
import { startAlertDispatcher } from './alerts/dispatcher.ts';
import { startEmbeddedBroker } from './broker/embedded-broker.ts';
import { type ConsoleOptions, parseConsoleOptions } from './config.ts';
import { openDatabase } from './db/client.ts';
import { startHttpServer } from './http-server.ts';
import { createAgentMessageHandler } from './ingest/agent-message-handler.ts';
import { createGroupCommit } from './ingest/group-commit.ts';
import { startMqttIngest } from './ingest/mqtt-ingest.ts';
import { withoutCredentials } from './ingest/mqtt-url.ts';
import { startRetentionSchedule } from './retention-schedule.ts';
import { createApp } from './routes/app.tsx';
import { createConsoleCore } from './services/index.ts';
import type { IngestStats } from './services/ingest-service.ts';
import { CONSOLE_VERSION } from './version.ts';

export interface ConsoleHandle {
  /** e.g. http://127.0.0.1:41234 */
  readonly httpUrl: string;
  /** The URL agents should use, e.g. mqtt://127.0.0.1:41235 */
  readonly mqttUrl: string;
  ingestStats(): IngestStats;
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
    const core = createConsoleCore({
      db: database.db,
      afterCommit: () => queueMicrotask(() => wakeAlerts()),
    });
    const { ingest } = core;
    if (options.settings !== undefined) core.services.settings.update(options.settings, 'config-file');
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
    );
    closers.push(() => retention.close());

    let mqttUrl: string;
    const ingestLogger = logger.child({ component: 'ingest' });
    if (config.mqtt.mode === 'embedded') {
      // The broker stores each message before it acknowledges it; no ingest client is needed.
      const broker = await startEmbeddedBroker({
        host: config.mqtt.host,
        port: config.mqtt.port,
        logger: logger.child({ component: 'broker' }),
        onRefused: (reason) => ingest.recordRejected(reason),
        storeBeforeAck: createGroupCommit({
          handle: createAgentMessageHandler({ ingest, logger: ingestLogger }),
          transaction: (work) => database.db.transaction(() => work()),
          logger: ingestLogger,
        }),
      });
      closers.push(() => broker.close());
      mqttUrl = broker.url;
    } else {
      mqttUrl = withoutCredentials(config.mqtt.url);
      const mqttIngest = await startMqttIngest({
        url: config.mqtt.url,
        username: config.mqtt.username,
        password: config.mqtt.password,
        ingest,
        logger: ingestLogger,
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
      ingestStats: () => ingest.stats(),
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
