import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatIssues, idSchema } from '@plantwatch/protocol';
import { isPlantwatchError, PlantwatchError } from '@plantwatch/shared';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { resolveOpcuaTargetPaths } from '../collectors/opcua/index.ts';
import { targetSchema } from '../collectors/registry.ts';
import { applyIdentity } from '../identity/identity-config.ts';
import { readSecretFile } from '../identity/identity-files.ts';
import { quietHoursSchema } from '../poller/quiet-hours.ts';

export const agentConfigSchema = z
  .object({
    siteId: idSchema,
    agentId: idSchema,
    /** Where the agent keeps its state (last snapshot per asset, sequence number). */
    dataDir: z.string().min(1).default('./plantwatch-agent-data'),
    mqtt: z.object({
      url: z
        .string()
        .regex(
          /^(mqtt|mqtts|tcp|tls|ws|wss):\/\/[^\s]+$/,
          'must be a URL such as mqtt://console.example:1883',
        ),
      username: z.string().max(256).optional(),
      password: z.string().max(1024).optional(),
      /** Name of an environment variable holding the password, so it stays out of the file. */
      passwordEnv: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/)
        .optional(),
      /** A file holding the password (read at every connect, so a new password needs no restart). */
      passwordFile: z.string().min(1).optional(),
      /** PEM of the CA that signed the broker's certificate, for mqtts:// URLs. */
      caFile: z.string().min(1).optional(),
    }),
    /**
     * The agent's enrolled identity, written by `plantwatch-agent enroll`: its site and agent ids,
     * MQTT credentials, the broker's CA and the key that signs its messages come from this
     * directory (see identity/identity-files.ts), so the config need not repeat them.
     */
    identity: z
      .object({ dir: z.string().min(1) })
      .strict()
      .optional(),
    /** How politely the agent polls; every default is conservative (see README). */
    polling: z
      .object({
        /** Polls in progress at once across all devices. */
        maxConcurrentPolls: z.number().int().min(1).max(64).default(4),
        /** First retry delay of a failed poll; doubles per retry, with jitter. */
        retryBackoffMs: z.number().int().min(100).max(60_000).default(1_000),
        /** Failed polls in a row after which a device is left alone for a cooldown. */
        breakerThreshold: z.number().int().min(1).max(100).default(3),
        breakerCooldownMs: z.number().int().min(1_000).max(86_400_000).default(300_000),
        breakerMaxCooldownMs: z.number().int().min(1_000).max(86_400_000).default(3_600_000),
        /** Windows in which no target of this site is polled. */
        quietHours: z.array(quietHoursSchema).max(20).default([]),
      })
      .prefault({}),
    /** Store-and-forward: what the agent keeps while the broker is away, and how it replays it. */
    outbox: z
      .object({
        maxBytes: z.number().int().min(1_048_576).max(17_179_869_184).default(268_435_456),
        maxInventoryAgeMs: z
          .number()
          .int()
          .min(60_000)
          .default(7 * 86_400_000),
        maxDriftAgeMs: z
          .number()
          .int()
          .min(60_000)
          .default(365 * 86_400_000),
        replayRatePerSecond: z.number().int().min(1).max(10_000).default(100),
        maxInFlight: z.number().int().min(1).max(1_000).default(20),
      })
      .prefault({}),
    /** How often the agent reports itself alive (status message with outbox figures). */
    heartbeatMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
    targets: z.array(targetSchema).min(1).max(2_000),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.targets.forEach((target, index) => {
      if (seen.has(target.id))
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'id'],
          message: `duplicate target id "${target.id}"`,
        });
      seen.add(target.id);
    });
  });

export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** Validates an already-parsed config; errors name every failing path. */
export function parseAgentConfig(raw: unknown, source = 'config'): AgentConfig {
  const parsed = agentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PlantwatchError(
      'invalid_config',
      `${source} is not valid:\n  ${formatIssues(parsed.error).join('\n  ')}`,
    );
  }
  return parsed.data;
}

/** Reads a YAML config file; a relative `dataDir` is taken relative to the file, not the shell. */
export async function loadAgentConfig(file: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlantwatchError(
      'invalid_config',
      `cannot read config ${file}: ${code === 'ENOENT' ? 'no such file' : code}`,
      { cause: error },
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    throw new PlantwatchError(
      'invalid_config',
      `${file} is not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const baseDir = path.dirname(file);
  let withIdentity: unknown;
  try {
    withIdentity = applyIdentity(raw, baseDir);
  } catch (error) {
    if (!isPlantwatchError(error, 'invalid_config')) throw error;
    throw new PlantwatchError('invalid_config', `${file} is not valid:\n  ${error.message}`);
  }
  const config = parseAgentConfig(withIdentity, file);
  const resolve = (file: string | undefined) =>
    file === undefined ? undefined : path.resolve(baseDir, file);
  return {
    ...config,
    dataDir: path.resolve(baseDir, config.dataDir),
    mqtt: {
      ...config.mqtt,
      passwordFile: resolve(config.mqtt.passwordFile),
      caFile: resolve(config.mqtt.caFile),
    },
    // PKI folders and certificate files, like dataDir, are relative to the config file.
    targets: config.targets.map((target) =>
      target.protocol === 'opcua' ? resolveOpcuaTargetPaths(target, baseDir) : target,
    ),
  };
}

export function mqttPassword(config: AgentConfig): string | undefined {
  if (config.mqtt.passwordEnv) return process.env[config.mqtt.passwordEnv];
  if (config.mqtt.passwordFile) return readSecretFile(config.mqtt.passwordFile);
  return config.mqtt.password;
}
