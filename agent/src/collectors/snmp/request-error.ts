import { PlantwatchError } from '@plantwatch/shared';
import type { SnmpVersion } from './config.ts';

/** What net-snmp hands a failed request's callback (its error classes are told apart by name). */
export interface LibraryError extends Error {
  /** RequestFailedError: the error-status, already named by the caller (GeneralError, NoSuchName...). */
  statusName?: string;
  /** ResponseInvalidError: a ResponseInvalidCode; crypto errors: an OpenSSL code. */
  code?: number | string;
}

export interface RequestContext {
  /** The request's transcript line. */
  description: string;
  version: SnmpVersion;
  port: number;
  timeoutMs: number;
  /** What arrived instead of a reply, if something undecodable did. */
  undecodableReply: string | undefined;
}

/** ResponseInvalidCode EAuthFailure: a USM Report such as usmStatsUnknownUserNames. */
const AUTH_FAILURE = 5;

/** A library error as a PlantwatchError that names the request and says what to check. */
export function requestError(error: LibraryError, context: RequestContext): PlantwatchError {
  const { description } = context;
  const cause = { cause: error };
  switch (error.name) {
    case 'RequestTimedOutError': {
      const heard = context.undecodableReply
        ? ` The device sent something that is not SNMP (${context.undecodableReply}).`
        : '';
      const message = `${description}: no reply within ${context.timeoutMs} ms.${heard} ${credentialHint(context)}`;
      return new PlantwatchError('timeout', message, cause);
    }
    case 'RequestFailedError': {
      const status = error.statusName ?? 'GeneralError';
      return new PlantwatchError('device_error', `${description}: the device answered ${status}`, {
        ...cause,
        details: { snmpErrorStatus: status },
      });
    }
    case 'ResponseInvalidError':
      if (error.code === AUTH_FAILURE) {
        return new PlantwatchError(
          'device_error',
          `${description}: the device refused the SNMPv3 credentials (${error.message}); check v3.user and securityLevel`,
          cause,
        );
      }
      return new PlantwatchError('device_error', `${description}: invalid reply: ${error.message}`, cause);
    default:
      if (error.code === 'ERR_OSSL_EVP_UNSUPPORTED') {
        return new PlantwatchError(
          'invalid_config',
          `${description}: this Node.js (OpenSSL 3) lacks the cipher: ${error.message}`,
          cause,
        );
      }
      return new PlantwatchError('device_error', `${description}: ${error.message}`, cause);
  }
}

/** Agents drop a request they cannot authenticate without a word, so a timeout may be a credential. */
function credentialHint(context: RequestContext): string {
  const where = `the address, UDP port ${context.port} and any firewall`;
  if (context.version === '3') {
    return `SNMPv3 agents silently drop requests whose authentication or privacy password or protocol is wrong: check v3.authProtocol, authPassword, privProtocol and privPassword as well as ${where}.`;
  }
  return `SNMP agents silently drop requests with a wrong community: check community (or communityEnv) and the device's SNMP access list as well as ${where}.`;
}
