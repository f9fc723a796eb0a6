import type { OPCUAServer, StatusCode } from 'node-opcua';
import { BrowseDirection, ServiceFault, StatusCodes, TimestampsToReturn } from 'node-opcua';
import type { FaultState } from './fault-state.ts';
import { MUTATING_SERVICES, type RecordedOpcuaRequest } from './types.ts';

/** What node-opcua hands `OPCUAServer.on_request`: the decoded request and the channel it came on. */
interface Printable {
  toString(): string;
}
interface ServerMessage {
  request: {
    schema: { name: string };
    nodesToRead?: { nodeId: Printable; attributeId: number }[] | null;
    maxAge?: number;
    timestampsToReturn?: number;
    nodesToWrite?: { nodeId: Printable }[] | null;
    nodesToBrowse?:
      | {
          nodeId: Printable;
          referenceTypeId: Printable;
          browseDirection: number;
          includeSubtypes: boolean;
          nodeClassMask: number;
          resultMask: number;
        }[]
      | null;
    methodsToCall?: { methodId: Printable }[] | null;
    requestedMaxReferencesPerNode?: number;
    continuationPoints?: unknown[] | null;
    releaseContinuationPoints?: boolean;
    browsePaths?:
      | {
          startingNode: Printable;
          relativePath: {
            elements?:
              | {
                  referenceTypeId: Printable;
                  isInverse: boolean;
                  includeSubtypes: boolean;
                  targetName: { namespaceIndex: number; name: string | null };
                }[]
              | null;
          };
        }[]
      | null;
  };
}
interface ServerChannel {
  send_response(type: 'MSG', response: ServiceFault, message: ServerMessage, callback: () => void): void;
}
type OnRequest = (message: ServerMessage, channel: ServerChannel) => void;

const MUTATING: ReadonlySet<string> = new Set(MUTATING_SERVICES);

/**
 * The hook that sees every service request. Each endpoint hands every decoded request to
 * `OPCUAServer.on_request(message, channel)`, which emits the public `'request'` event and then
 * dispatches to `_on_<Type>`. The event cannot stop a request, so the tap replaces `on_request` on
 * the instance: it records the request first, refuses mutating services before any handler (and so
 * the address space) sees them, applies injected faults, then hands the rest to node-opcua.
 * Channel-level messages (Hello, OpenSecureChannel, CloseSecureChannel) never get here.
 */
export function tapRequests(
  server: OPCUAServer,
  options: {
    record(request: RecordedOpcuaRequest): void;
    faults: FaultState;
    later(delayMs: number, task: () => void): void;
    /** Read at every Browse, so a test can change it on a running server. */
    maxReferencesPerNode(): number | undefined;
  },
): void {
  const target = server as unknown as { on_request: OnRequest };
  const handle: OnRequest = target.on_request.bind(server);
  target.on_request = (message, channel) => {
    const { request } = message;
    const service = request.schema.name;
    options.record(describe(message));
    const refuse = (statusCode: StatusCode) =>
      channel.send_response(
        'MSG',
        new ServiceFault({ responseHeader: { serviceResult: statusCode } }),
        message,
        () => {},
      );
    // A read-only agent must never send these; refusing them keeps a faulty agent from changing the
    // device and from hiding a write behind a value that reads back the same.
    if (MUTATING.has(service)) return refuse(StatusCodes.BadUserAccessDenied);
    const cap = options.maxReferencesPerNode();
    if (service === 'BrowseRequest' && cap !== undefined) {
      const asked = request.requestedMaxReferencesPerNode ?? 0;
      request.requestedMaxReferencesPerNode = asked === 0 ? cap : Math.min(asked, cap);
    }
    const fault = options.faults.take(service);
    if (fault?.kind === 'timeout') return;
    if (fault?.kind === 'status') return refuse(statusCodeNamed(fault.statusCode));
    if (fault?.kind === 'slow') return options.later(fault.delayMs, () => handle(message, channel));
    handle(message, channel);
  };
}

export function statusCodeNamed(name: string): StatusCode {
  const code = (StatusCodes as unknown as Record<string, StatusCode | undefined>)[name];
  if (!code || typeof code !== 'object') throw new RangeError(`unknown OPC UA status code ${name}`);
  return code;
}

/**
 * What the log keeps of a request: its type, the nodes it names and, for the read services, enough
 * of its parameters to send the same request again (the OPC UA benchmark replays an agent's poll).
 */
function describe({ request }: ServerMessage): RecordedOpcuaRequest {
  const recorded: RecordedOpcuaRequest = { service: request.schema.name, at: Date.now() };
  const nodes =
    request.nodesToRead ??
    request.nodesToWrite ??
    request.nodesToBrowse ??
    request.methodsToCall?.map((method) => ({ nodeId: method.methodId }));
  if (nodes) recorded.nodeIds = nodes.map((node) => node.nodeId.toString());
  if (request.schema.name === 'ReadRequest') {
    recorded.attributeIds = (request.nodesToRead ?? []).map((node) => node.attributeId);
    recorded.maxAge = request.maxAge ?? 0;
    recorded.timestampsToReturn =
      TimestampsToReturn[request.timestampsToReturn ?? -1] ?? String(request.timestampsToReturn);
  }
  if (request.schema.name === 'BrowseRequest') {
    recorded.requestedMaxReferencesPerNode = request.requestedMaxReferencesPerNode ?? 0;
    recorded.browseDescriptions = (request.nodesToBrowse ?? []).map((node) => ({
      referenceTypeId: node.referenceTypeId.toString(),
      browseDirection: BrowseDirection[node.browseDirection] ?? String(node.browseDirection),
      includeSubtypes: node.includeSubtypes,
      nodeClassMask: node.nodeClassMask,
      resultMask: node.resultMask,
    }));
  }
  if (request.schema.name === 'TranslateBrowsePathsToNodeIdsRequest') {
    recorded.browsePaths = (request.browsePaths ?? []).map((browsePath) => ({
      startingNode: browsePath.startingNode.toString(),
      elements: (browsePath.relativePath.elements ?? []).map((element) => ({
        referenceTypeId: element.referenceTypeId.toString(),
        isInverse: element.isInverse,
        includeSubtypes: element.includeSubtypes,
        targetName: `${element.targetName.namespaceIndex}:${element.targetName.name ?? ''}`,
      })),
    }));
  }
  if (request.schema.name === 'BrowseNextRequest') {
    recorded.continuationPoints = request.continuationPoints?.length ?? 0;
    recorded.releaseContinuationPoints = request.releaseContinuationPoints ?? false;
  }
  return Object.freeze(recorded);
}
