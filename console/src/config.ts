import { formatIssues } from '@plantwatch/protocol';
import { type Logger, PlantwatchError } from '@plantwatch/shared';
import { z } from 'zod';

export interface ConsoleOptions {
  /** Where the console keeps its database (`<dataDir>/plantwatch.db`). */
  dataDir: string;
  /** Default 127.0.0.1:8080; port 0 lets the OS choose. */
  http?: { host?: string; port?: number };
  /** Default: an embedded broker on 127.0.0.1:8883, MQTT over TLS. */
  mqtt?:
    | {
        mode: 'embedded';
        host?: string;
        port?: number;
        /** Development only: accept agents without enrollment credentials (see the broker). */
        allowAnonymousAgents?: boolean;
        /** Per agent connection; default 200 messages per second. */
        maxMessagesPerSecond?: number;
        /**
         * The broker's certificate and key (PEM files), and the CA agents should trust. Without
         * them the console makes its own CA and certificate in `<dataDir>/tls` at first start.
         */
        tls?: { certFile: string; keyFile: string; caFile?: string };
        /** Development only: plain MQTT over TCP instead of TLS. */
        insecureTcp?: boolean;
        /** The URL agents are told, e.g. mqtts://console.plant.example:8883 (see broker-address.ts). */
        publicUrl?: string;
        /** More names (DNS or IP) the local CA's broker certificate covers, for agents on other networks. */
        tlsHostnames?: string[];
      }
    | {
        mode: 'external';
        url: string;
        username?: string;
        password?: string;
        /**
         * Development only: accept unsigned messages from agents that are not enrolled. Enrolled
         * agents' messages must always be signed (see ingest/message-signatures.ts).
         */
        allowUnsignedAgents?: boolean;
      };
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
        /** Default 8883 (MQTT over TLS), or 1883 with insecureTcp. */
        port: port.optional(),
        allowAnonymousAgents: z.boolean().default(false),
        maxMessagesPerSecond: z.number().int().min(1).max(100_000).default(200),
        tls: z
          .object({
            certFile: z.string().min(1),
            keyFile: z.string().min(1),
            caFile: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
        insecureTcp: z.boolean().default(false),
        publicUrl: z
          .string()
          .regex(/^mqtts?:\/\/[^\s/?#]+$/, 'must be a URL such as mqtts://console.plant.example:8883')
          .optional(),
        tlsHostnames: z
          .array(host.regex(/^[A-Za-z0-9.:*[\]-]+$/, 'must be a host name or an IP address'))
          .max(50)
          .default([]),
      }),
      z.object({
        mode: z.literal('external'),
        url: z.string().regex(MQTT_URL_PATTERN, 'must be a URL such as mqtt://broker.example:1883'),
        username: z.string().max(256).optional(),
        password: z.string().max(1024).optional(),
        allowUnsignedAgents: z.boolean().default(false),
      }),
    ])
    .prefault({ mode: 'embedded' })
    .superRefine((mqtt, ctx) => {
      if (mqtt.mode !== 'embedded') return;
      if (mqtt.insecureTcp && mqtt.tls !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['tls'],
          message: 'a certificate and insecureTcp exclude each other',
        });
      const scheme = mqtt.insecureTcp ? 'mqtt' : 'mqtts';
      if (mqtt.publicUrl !== undefined && !mqtt.publicUrl.startsWith(`${scheme}://`))
        ctx.addIssue({
          code: 'custom',
          path: ['publicUrl'],
          message: `must start with ${scheme}:// (the broker speaks ${mqtt.insecureTcp ? 'plain TCP' : 'TLS'})`,
        });
    })
    .transform((mqtt) =>
      mqtt.mode === 'embedded' ? { ...mqtt, port: mqtt.port ?? (mqtt.insecureTcp ? 1883 : 8883) } : mqtt,
    ),
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
