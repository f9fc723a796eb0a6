import { createHash } from 'node:crypto';
import { LIMITS } from '@plantwatch/protocol';
import type { OpcuaUserIdentity } from './read-only-client.ts';

/**
 * One line per OPC UA service request, the same in `scan --dry-run` and in the poll transcript, so
 * what a technician approves is literally what the agent sends. Lines that list node ids list as
 * many as fit in a transcript entry and say how many more there are.
 */
export type OpcuaRequestShape =
  | { service: 'GetEndpoints'; endpointUrl: string; channel: string }
  | { service: 'CreateSession' }
  | { service: 'ActivateSession'; identity: string }
  | { service: 'Read'; nodeIds: readonly string[] }
  | { service: 'Browse'; nodeIds: readonly string[]; depth?: number }
  | { service: 'BrowseNext'; count: number; release: boolean }
  | { service: 'TranslateBrowsePath'; paths: readonly string[] }
  | { service: 'CloseSession' };

const MODE_NAMES = { none: 'None', sign: 'Sign', signAndEncrypt: 'SignAndEncrypt' } as const;

/** `None`, `Sign Basic256Sha256`, `SignAndEncrypt Basic256Sha256`: the channel a request goes over. */
export function channelName(securityMode: keyof typeof MODE_NAMES, securityPolicy: string): string {
  return securityMode === 'none' ? 'None' : `${MODE_NAMES[securityMode]} ${securityPolicy}`;
}

export function describeOpcuaRequest(request: OpcuaRequestShape): string {
  switch (request.service) {
    case 'GetEndpoints':
      return `opcua GetEndpoints ${request.endpointUrl} ${request.channel}`;
    case 'CreateSession':
    case 'CloseSession':
      return `opcua ${request.service}`;
    case 'ActivateSession':
      return `opcua ActivateSession ${request.identity}`;
    case 'Read':
      return listLine('opcua Read', request.nodeIds, 'nodes', 'Value');
    case 'Browse': {
      const depth = request.depth === undefined ? '' : `depth ${request.depth}`;
      return listLine('opcua Browse', request.nodeIds, 'nodes', depth);
    }
    case 'BrowseNext': {
      const points = `${request.count} continuation point${request.count === 1 ? '' : 's'}`;
      return `opcua BrowseNext ${points}${request.release ? ' release' : ''}`;
    }
    case 'TranslateBrowsePath':
      return listLine('opcua TranslateBrowsePath', request.paths, 'paths', '');
    default:
      return assertNever(request);
  }
}

/** `opcua Read ns=0;i=2256 Value`, or `opcua Read 9 nodes Value: ns=0;i=2257, ... +3 more`. */
function listLine(head: string, items: readonly string[], noun: string, tail: string): string {
  const [only] = items;
  if (items.length === 1 && only !== undefined) {
    const line = [head, only, tail].filter(Boolean).join(' ');
    if (line.length <= LIMITS.transcriptEntry) return line;
  }
  let line = `${[head, `${items.length} ${noun}`, tail].filter(Boolean).join(' ')}:`;
  for (const [index, item] of items.entries()) {
    const left = items.length - index;
    const next = `${line}${index === 0 ? ' ' : ', '}${item}`;
    // Keep room for the "+N more" that the items after this one would need.
    const reserve = left > 1 ? ` +${left - 1} more`.length : 0;
    if (next.length + reserve > LIMITS.transcriptEntry) return `${line} +${left} more`;
    line = next;
  }
  return line;
}

/** `anonymous`, `username tech`, `certificate <thumbprint>`: never a secret. */
export function describeIdentity(identity: OpcuaUserIdentity): string {
  if (identity.type === 'username') return `username ${identity.username}`;
  if (identity.type === 'certificate')
    return `certificate ${createHash('sha1').update(identity.certificate).digest('hex')}`;
  return 'anonymous';
}

function assertNever(value: never): never {
  throw new Error(`unknown OPC UA request ${JSON.stringify(value)}`);
}
