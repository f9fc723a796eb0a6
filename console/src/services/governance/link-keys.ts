import { LIMITS, type Link, sanitizeDeviceString } from '@plantwatch/protocol';

/** The switch port as a label: its name when known, else its index. */
export function portLabel(link: Pick<Link, 'port' | 'portIndex'>): string {
  return link.port ?? (link.portIndex === undefined ? '' : String(link.portIndex));
}

/**
 * What makes a link distinct: where it was seen and who was there. A MAC that moves to another
 * port, or an IP answered by another MAC (ARP), is a new link, and so network drift.
 */
export function linkKey(link: Link): string {
  const who = link.source === 'lldp' ? (link.remoteChassis ?? link.remoteName ?? '') : '';
  return [link.source, portLabel(link), link.mac ?? '', link.ip ?? '', who].join('|').slice(0, 600);
}

/** A value path for a link, in the protocol's path alphabet: `links.fdb[Gi0_3].00:1a:2b:3c:4d:5e`. */
export function linkPath(link: Link): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 60);
  const host = link.mac ?? link.ip ?? link.remoteChassis ?? link.remoteName ?? 'unknown';
  return `links.${link.source}[${safe(portLabel(link))}].${safe(host)}`.slice(0, LIMITS.pathLength);
}

/** One line a person can read: `mac 00:1a:.. ip 10.0.0.9 vlan 10 port Gi0/3 name plc-9`. */
export function describeLink(link: Link): string {
  const parts: string[] = [];
  if (link.mac) parts.push(`mac ${link.mac}`);
  if (link.ip) parts.push(`ip ${link.ip}`);
  if (link.vlan !== undefined) parts.push(`vlan ${link.vlan}`);
  const port = portLabel(link);
  if (port) parts.push(`port ${port}`);
  if (link.remoteName) parts.push(`name ${link.remoteName}`);
  if (link.remotePort) parts.push(`remote port ${link.remotePort}`);
  if (link.remoteChassis) parts.push(`chassis ${link.remoteChassis}`);
  return sanitizeDeviceString(`${link.source}: ${parts.join(' ')}`);
}
