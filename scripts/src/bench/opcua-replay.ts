import { createRequire } from 'node:module';
import type { ClientSession, OPCUAClient } from 'node-opcua-client';

/** A request as the OPC UA simulator's log keeps it (`RecordedOpcuaRequest` without `at`). */
export interface LoggedOpcuaRequest {
  service: string;
  nodeIds?: string[];
  attributeIds?: number[];
  maxAge?: number;
  timestampsToReturn?: string;
  requestedMaxReferencesPerNode?: number;
  browseDescriptions?: {
    referenceTypeId: string;
    browseDirection: string;
    includeSubtypes: boolean;
    nodeClassMask: number;
    resultMask: number;
  }[];
  continuationPoints?: number;
  releaseContinuationPoints?: boolean;
  browsePaths?: {
    startingNode: string;
    elements: { referenceTypeId: string; isInverse: boolean; includeSubtypes: boolean; targetName: string }[];
  }[];
}

type Library = typeof import('node-opcua-client');
type Transact = (request: unknown, callback: (error: Error | null, response?: unknown) => void) => void;
interface BrowseResponseLike {
  results?: { continuationPoint?: Buffer | null }[] | null;
}

export interface CertificateManagerLike {
  initialize(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The node-opcua-client the agent loads (resolved from the agent's package, so both sides run the
 * same build) and its certificate manager class, which it does not re-export.
 */
export function loadAgentOpcuaLibrary(): {
  lib: Library;
  CertificateManager: new (options: { rootFolder: string }) => CertificateManagerLike;
} {
  const fromAgent = createRequire(createRequire(import.meta.url).resolve('@plantwatch/agent/package.json'));
  const lib = fromAgent('node-opcua-client') as Library;
  const fromClient = createRequire(fromAgent.resolve('node-opcua-client'));
  const { OPCUACertificateManager } = fromClient('node-opcua-certificate-manager');
  return { lib, CertificateManager: OPCUACertificateManager };
}

/**
 * A bare node-opcua client that sends what an agent poll sent, as the server logged it: connect
 * (GetEndpoints), CreateSession and ActivateSession, then each logged Read, Browse, BrowseNext and
 * TranslateBrowsePaths rebuilt from the log and handed to the session's transaction method (what
 * every node-opcua convenience method ends in, with nothing around it), CloseSession, disconnect.
 * A BrowseNext takes the continuation points of the previous reply. The replies are not decoded
 * into values: that is the agent's work, which this baseline leaves out.
 */
export async function replayPoll(
  lib: Library,
  client: OPCUAClient,
  endpointUrl: string,
  script: readonly LoggedOpcuaRequest[],
): Promise<void> {
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession();
    try {
      await replayRequests(lib, session, script);
    } finally {
      await session.close(false);
    }
  } finally {
    await client.disconnect();
  }
}

async function replayRequests(lib: Library, session: ClientSession, script: readonly LoggedOpcuaRequest[]) {
  const impl = session as unknown as { performMessageTransaction: Transact };
  const transact = <T>(request: unknown) =>
    new Promise<T>((resolve, reject) =>
      impl.performMessageTransaction(request, (error, response) =>
        error ? reject(error) : resolve(response as T),
      ),
    );
  const nodeId = (id: string) => lib.coerceNodeId(id);
  const qualifiedName = (text: string) => {
    const [, index, name] = /^(\d+):(.*)$/s.exec(text) ?? [];
    return { namespaceIndex: Number(index), name: name ?? text };
  };
  let points: Buffer[] = [];
  const keepPoints = (response: BrowseResponseLike) => {
    points = (response.results ?? []).flatMap((r) =>
      r.continuationPoint?.length ? [r.continuationPoint] : [],
    );
  };
  for (const request of script) {
    switch (request.service) {
      case 'GetEndpointsRequest':
      case 'CreateSessionRequest':
      case 'ActivateSessionRequest':
      case 'CloseSessionRequest':
        break; // sent by connect, createSession and close around the replay
      case 'ReadRequest':
        await transact(
          new lib.ReadRequest({
            maxAge: request.maxAge ?? 0,
            timestampsToReturn: lib.TimestampsToReturn[request.timestampsToReturn as 'Neither'],
            nodesToRead: (request.nodeIds ?? []).map((id, i) => ({
              nodeId: nodeId(id),
              attributeId: request.attributeIds?.[i] ?? lib.AttributeIds.Value,
            })),
          }),
        );
        break;
      case 'BrowseRequest':
        keepPoints(
          await transact<BrowseResponseLike>(
            new lib.BrowseRequest({
              requestedMaxReferencesPerNode: request.requestedMaxReferencesPerNode ?? 0,
              nodesToBrowse: (request.nodeIds ?? []).map((id, i) => {
                const how = request.browseDescriptions?.[i];
                if (!how) throw new Error(`the logged Browse of ${id} has no browse description`);
                return {
                  nodeId: nodeId(id),
                  referenceTypeId: nodeId(how.referenceTypeId),
                  browseDirection: lib.BrowseDirection[how.browseDirection as 'Forward'],
                  includeSubtypes: how.includeSubtypes,
                  nodeClassMask: how.nodeClassMask,
                  resultMask: how.resultMask,
                };
              }),
            }),
          ),
        );
        break;
      case 'BrowseNextRequest': {
        if (request.continuationPoints !== points.length) {
          throw new Error(
            `cannot replay a BrowseNext of ${request.continuationPoints} point(s): the last reply had ${points.length}`,
          );
        }
        const response = await transact<BrowseResponseLike>(
          new lib.BrowseNextRequest({
            continuationPoints: points,
            releaseContinuationPoints: request.releaseContinuationPoints ?? false,
          }),
        );
        if (request.releaseContinuationPoints) points = [];
        else keepPoints(response);
        break;
      }
      case 'TranslateBrowsePathsToNodeIdsRequest':
        await transact(
          new lib.TranslateBrowsePathsToNodeIdsRequest({
            browsePaths: (request.browsePaths ?? []).map((browsePath) => ({
              startingNode: nodeId(browsePath.startingNode),
              relativePath: {
                elements: browsePath.elements.map((element) => ({
                  referenceTypeId: nodeId(element.referenceTypeId),
                  isInverse: element.isInverse,
                  includeSubtypes: element.includeSubtypes,
                  targetName: qualifiedName(element.targetName),
                })),
              },
            })),
          }),
        );
        break;
      default:
        throw new Error(`the replay does not send ${request.service}`);
    }
  }
}
