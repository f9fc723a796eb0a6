import path from 'node:path';
import { PlantwatchError } from '@plantwatch/shared';
import { readIdentity } from './identity-files.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Fills a raw config from its `identity.dir` before validation: the enrolled site and agent ids,
 * the broker URL (unless `mqtt.url` overrides it, e.g. another name for the same host), the MQTT
 * user name, the password file and the broker's CA. A config that names other ids or its own
 * credentials next to an identity is refused, naming the field: two sources of truth drift apart.
 */
export function applyIdentity(raw: unknown, baseDir: string): unknown {
  if (!isObject(raw) || !isObject(raw.identity) || typeof raw.identity.dir !== 'string') return raw;
  const dir = path.resolve(baseDir, raw.identity.dir);
  const identity = readIdentity(dir);
  for (const key of ['siteId', 'agentId'] as const) {
    if (raw[key] !== undefined && raw[key] !== identity[key]) {
      throw new PlantwatchError(
        'invalid_config',
        `${key}: "${String(raw[key])}" is not the enrolled ${key} "${identity[key]}" (from identity.dir); remove it`,
      );
    }
  }
  const mqtt = isObject(raw.mqtt) ? raw.mqtt : {};
  for (const key of ['username', 'password', 'passwordEnv', 'passwordFile']) {
    if (mqtt[key] !== undefined) {
      throw new PlantwatchError('invalid_config', `mqtt.${key}: comes from identity.dir; remove it`);
    }
  }
  const enrolledTls = /^(mqtts|tls|wss):/.test(identity.mqtt.url);
  if (enrolledTls && typeof mqtt.url === 'string' && !/^(mqtts|tls|wss):/.test(mqtt.url)) {
    // The enrolled broker speaks TLS: a plain URL here would send the password in the clear.
    throw new PlantwatchError(
      'invalid_config',
      `mqtt.url: "${mqtt.url}" is not TLS, but the agent enrolled with ${identity.mqtt.url}; use mqtts://`,
    );
  }
  return {
    ...raw,
    siteId: identity.siteId,
    agentId: identity.agentId,
    identity: { ...raw.identity, dir },
    mqtt: {
      ...mqtt,
      url: mqtt.url ?? identity.mqtt.url,
      username: identity.mqtt.username,
      passwordFile: identity.passwordFile,
      ...(identity.caFile !== undefined && mqtt.caFile === undefined ? { caFile: identity.caFile } : {}),
    },
  };
}
