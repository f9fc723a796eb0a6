import { PlantwatchError } from '@plantwatch/shared';
import type { AUTH_PROTOCOLS, PRIV_PROTOCOLS, SnmpTargetConfig } from './config.ts';

/** What the session needs to authenticate, with every `*Env` reference resolved. */
export type SnmpCredentials =
  | { version: '1' | '2c'; community: string }
  | {
      version: '3';
      user: string;
      securityLevel: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
      auth?: { protocol: (typeof AUTH_PROTOCOLS)[number]; password: string };
      priv?: { protocol: (typeof PRIV_PROTOCOLS)[number]; password: string };
    };

/**
 * Reads secrets at poll time, not when the config is parsed: `scan --dry-run` must work on a
 * machine that does not hold them. A missing variable is a config error naming the variable.
 */
export function resolveCredentials(
  target: SnmpTargetConfig,
  env: NodeJS.ProcessEnv = process.env,
): SnmpCredentials {
  const secret = (
    field: string,
    literal: string | undefined,
    variable: string | undefined,
    minLength = 1,
  ) => {
    const value = literal ?? (variable === undefined ? undefined : env[variable]);
    if (value === undefined || value === '') {
      throw new PlantwatchError(
        'invalid_config',
        variable ? `${field}Env: environment variable ${variable} is not set` : `${field} is not set`,
      );
    }
    if (value.length < minLength) {
      throw new PlantwatchError(
        'invalid_config',
        `${field}Env: ${variable} must hold at least ${minLength} characters`,
      );
    }
    return value;
  };
  if (target.version !== '3') {
    return { version: target.version, community: secret('community', target.community, target.communityEnv) };
  }
  const v3 = target.v3;
  if (!v3) throw new PlantwatchError('invalid_config', 'version 3 needs a v3 block');
  const credentials: SnmpCredentials = { version: '3', user: v3.user, securityLevel: v3.securityLevel };
  if (v3.securityLevel !== 'noAuthNoPriv' && v3.authProtocol) {
    credentials.auth = {
      protocol: v3.authProtocol,
      password: secret('v3.authPassword', v3.authPassword, v3.authPasswordEnv, 8),
    };
  }
  if (v3.securityLevel === 'authPriv' && v3.privProtocol) {
    credentials.priv = {
      protocol: v3.privProtocol,
      password: secret('v3.privPassword', v3.privPassword, v3.privPasswordEnv, 8),
    };
  }
  return credentials;
}
