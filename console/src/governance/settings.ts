import { idSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import { SEVERITIES } from './vocabulary.ts';

/**
 * The console's governance settings: the severity of each drift class, when an asset counts as
 * unreachable, how long volatile history is kept, and where alerts go. Stored in the `settings`
 * table (one row per top-level key), edited through the API (audited), and bootstrapped from a
 * JSON file or `ConsoleOptions.settings` at start-up.
 */

export const ALERT_EVENTS = ['drift.opened', 'drift.unauthorized', 'agent.offline'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

const severity = z.enum(SEVERITIES);
const events = z.array(z.enum(ALERT_EVENTS)).min(1).max(ALERT_EVENTS.length);

export const webhookTargetSchema = z.strictObject({
  id: idSchema,
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2_000),
  /** The HMAC-SHA256 key; write-only (never returned by the API). */
  secret: z.string().min(16, 'must be at least 16 characters').max(256),
  /** New drift below this severity is not sent; unauthorized decisions and agents offline always are. */
  minSeverity: severity.default('medium'),
  events: events.default([...ALERT_EVENTS]),
  enabled: z.boolean().default(true),
});
export type WebhookTarget = z.output<typeof webhookTargetSchema>;

export const syslogTargetSchema = z.strictObject({
  id: idSchema,
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  transport: z.enum(['tcp', 'udp']).default('tcp'),
  /** RFC 5424 facility code; 16 is local0. */
  facility: z.number().int().min(0).max(23).default(16),
  minSeverity: severity.default('medium'),
  events: events.default([...ALERT_EVENTS]),
  enabled: z.boolean().default(true),
});
export type SyslogTarget = z.output<typeof syslogTargetSchema>;

export const settingsSchema = z.strictObject({
  severity: z
    .strictObject({
      firmware: severity.default('high'),
      program: severity.default('critical'),
      config: severity.default('medium'),
      identity: severity.default('high'),
      network: severity.default('medium'),
      asset_appeared: severity.default('medium'),
      unreachable: severity.default('low'),
      agent_offline: severity.default('high'),
    })
    .prefault({}),
  /** Consecutive failed polls after which an asset counts as unreachable. */
  unreachableAfterPolls: z.number().int().min(1).max(1_000).default(3),
  /**
   * An asset first seen this long after its agent was first seen opens an `asset_appeared` drift
   * record; assets an agent reports in its first minutes are its initial inventory.
   */
  assetAppearedGraceMinutes: z.number().int().min(0).max(525_600).default(60),
  /** Volatile history older than this is pruned; 0 keeps everything. Baselines and decisions stay. */
  historyRetentionDays: z.number().int().min(0).max(36_500).default(365),
  alerts: z
    .strictObject({
      webhooks: z.array(webhookTargetSchema).max(20).default([]),
      syslog: z.array(syslogTargetSchema).max(20).default([]),
      maxAttempts: z.number().int().min(1).max(50).default(8),
      backoffBaseMs: z.number().int().min(10).max(3_600_000).default(2_000),
      backoffMaxMs: z.number().int().min(10).max(86_400_000).default(600_000),
      timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    })
    .prefault({}),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsKey = keyof Settings;
export const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as SettingsKey[];

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Settings as the API shows them: webhook secrets are replaced by `secretSet`. */
export type RedactedSettings = Omit<Settings, 'alerts'> & {
  alerts: Omit<Settings['alerts'], 'webhooks'> & {
    webhooks: (Omit<WebhookTarget, 'secret'> & { secretSet: true })[];
  };
};

export function redactSettings(settings: Settings): RedactedSettings {
  return {
    ...settings,
    alerts: {
      ...settings.alerts,
      webhooks: settings.alerts.webhooks.map(({ secret: _secret, ...target }) => ({
        ...target,
        secretSet: true as const,
      })),
    },
  };
}

/**
 * Applies a partial update: objects merge key by key, arrays and scalars replace. A webhook given
 * without its secret keeps the secret of the webhook with the same id, so that a client can send
 * back what it read.
 */
export function mergeSettings(current: Settings, update: unknown): unknown {
  const merged = deepMerge(current, update);
  const webhooks = (merged as { alerts?: { webhooks?: unknown } }).alerts?.webhooks;
  if (Array.isArray(webhooks)) {
    for (const target of webhooks) {
      if (isPlainObject(target) && target.secret === undefined) {
        const known = current.alerts.webhooks.find((existing) => existing.id === target.id);
        if (known) target.secret = known.secret;
      }
      if (isPlainObject(target)) delete target.secretSet;
    }
  }
  return merged;
}

function deepMerge(base: unknown, update: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(update)) return structuredClone(update);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    out[key] = deepMerge(out[key], value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
