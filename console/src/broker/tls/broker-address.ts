import { hostname } from 'node:os';
import { hostPort } from '../../listen.ts';

/**
 * The address agents are told (at enrollment, on the fleet page): a wildcard listen address such
 * as 0.0.0.0 is no address at all for an agent, so the public URL given by the operator
 * (`--mqtt-public-url`) wins, then the listen address, then this machine's host name.
 */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

export function agentBrokerUrl(options: {
  listenHost: string;
  port: number;
  tls: boolean;
  publicUrl?: string | undefined;
}): string {
  if (options.publicUrl !== undefined) return options.publicUrl;
  const host = isWildcard(options.listenHost) ? hostname() : options.listenHost;
  return `${options.tls ? 'mqtts' : 'mqtt'}://${hostPort(host, options.port)}`;
}

/** The host part of the URL agents use, for checking that the certificate names it. */
export function agentFacingHost(options: { listenHost: string; publicUrl?: string | undefined }): string {
  if (options.publicUrl !== undefined) return new URL(options.publicUrl).hostname.replace(/^\[(.*)\]$/, '$1');
  return isWildcard(options.listenHost) ? hostname() : options.listenHost;
}

/**
 * Every name the broker's own certificate (from the local CA) covers: the name agents are told
 * first (it becomes the subject), then extra names the operator lists for agents on other
 * networks (`--mqtt-tls-hostnames`), the listen address, this machine's name and loopback.
 */
export function brokerHostnames(options: {
  listenHost: string;
  publicUrl?: string | undefined;
  extra?: readonly string[] | undefined;
}): string[] {
  const names = [
    agentFacingHost(options),
    ...(options.extra ?? []),
    ...(isWildcard(options.listenHost) ? [] : [options.listenHost]),
    hostname(),
    'localhost',
    '127.0.0.1',
    '::1',
  ].map((name) => name.replace(/^\[(.*)\]$/, '$1').toLowerCase());
  return [...new Set(names.filter((name) => name !== ''))];
}
