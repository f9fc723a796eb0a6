import { formatIssues } from '@plantwatch/protocol';
import { type Logger, PlantwatchError } from '@plantwatch/shared';
import { z } from 'zod';

export interface ConsoleOptions {
  /** Where the console keeps its database (`<dataDir>/plantwatch.db`). */
  dataDir: string;
  /** Default 127.0.0.1:8080; port 0 lets the OS choose. */
  http?: { host?: string; port?: number };
  /** Default: an embedded broker on 127.0.0.1:1883. */
  mqtt?:
    | {
        mode: 'embedded';
        host?: string;
        port?: number;
        /** Development only: accept agents without enrollment credentials (see the broker). */
        allowAnonymousAgents?: boolean;
        /** Per agent connection; default 200 messages per second. */
        maxMessagesPerSecond?: number;
      }
    | { mode: 'external'; url: string; username?: string; password?: string };
  logger?: Logger;
  /**
   * Governance settings to apply at start-up (a partial `Settings`: severities, retention, alert
   * targets), e.g. from `--config <file>`. They overwrite the stored values they name; the change
   * is audited as actor `config-file`. Later changes go through PUT /api/v1/settings.
   */
  settings?: Record<string, unknown>;
}

const host = z.string().min(1).max(253);
const port = z.number().int().min(0).max(65_535);

export const MQTT_URL_PATTERN = /^(mqtt|mqtts|tcp|tls|ws|wss):\/\/\S+$/;

export const consoleConfigSchema = z.object({
  dataDir: z.string().min(1),
  http: z.object({ host: host.default('127.0.0.1'), port: port.default(8080) }).prefault({}),
  mqtt: z
    .discriminatedUnion('mode', [
      z.object({
        mode: z.literal('embedded'),
        host: host.default('127.0.0.1'),
        port: port.default(1883),
        allowAnonymousAgents: z.boolean().default(false),
        maxMessagesPerSecond: z.number().int().min(1).max(100_000).default(200),
      }),
      z.object({
        mode: z.literal('external'),
        url: z.string().regex(MQTT_URL_PATTERN, 'must be a URL such as mqtt://broker.example:1883'),
        username: z.string().max(256).optional(),
        password: z.string().max(1024).optional(),
      }),
    ])
    .prefault({ mode: 'embedded' }),
});

/** ConsoleOptions with every default filled in. */
export type ConsoleConfig = z.output<typeof consoleConfigSchema>;

/** Validates options once, at start-up; the error names every offending path. */
export function parseConsoleOptions(options: ConsoleOptions): ConsoleConfig {
  const { logger: _logger, settings: _settings, ...rest } = options;
  const parsed = consoleConfigSchema.safeParse(rest);
  if (!parsed.success) {
    throw new PlantwatchError(
      'invalid_config',
      `console options are not valid: ${formatIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}
