import { createRequire } from 'node:module';
import { format } from 'node:util';
import type { Logger } from '@plantwatch/shared';
import { PlantwatchError } from '@plantwatch/shared';
import type { EndpointDescription, OPCUAClient } from 'node-opcua-client';
import type { RequestGate } from '../types.ts';
import type { SecurityPolicyName } from './config.ts';
import type { OpcuaDataValue } from './decode.ts';
import { channelName, describeIdentity, describeOpcuaRequest, type OpcuaRequestShape } from './describe.ts';
import { opcuaFailure, withDeadline } from './errors.ts';
import { type CertificateChecker, checkServerCertificate, refusedByServer } from './server-certificate.ts';

/**
 * The only door from the agent to an OPC UA server, and it only opens for reads.
 *
 * node-opcua stays inside this file, loaded on the first OPC UA poll (it is big and slow to load).
 * Collectors get a frozen object whose sole functions are Read, Browse, BrowseNext,
 * TranslateBrowsePath and close; the session setup (GetEndpoints, CreateSession, ActivateSession)
 * happens in `connectOpcuaReader`. Every request is built here, passes the gate (pacing, cancel,
 * transcript) and goes straight to the secure channel, not through the library's convenience
 * methods, some of which send further reads on their own. Underneath, the client's one path to the
 * channel is restricted to the services above, so a request of any other type fails before a byte
 * is sent, whoever builds it.
 */
export const READ_FUNCTIONS = ['read', 'browse', 'browseNext', 'translateBrowsePaths'] as const;
export const ALLOWED_REQUESTS: ReadonlySet<string> = new Set([
  'GetEndpointsRequest',
  'CreateSessionRequest',
  'ActivateSessionRequest',
  'ReadRequest',
  'BrowseRequest',
  'BrowseNextRequest',
  'TranslateBrowsePathsToNodeIdsRequest',
  'CloseSessionRequest',
]);

export interface BrowseSpec {
  nodeId: string;
  /** Default HierarchicalReferences (with subtypes), forward. */
  referenceTypeId?: string;
  /** OPC UA NodeClass bit mask; 0 (default) for every class. */
  nodeClassMask?: number;
}
export interface OpcuaReference {
  referenceTypeId: string;
  nodeId: string;
  /** `<namespace index>:<name>`. */
  browseName: string;
  nodeClass: string;
}
export interface OpcuaBrowseResult {
  status: string;
  continuationPoint: Uint8Array | null;
  references: OpcuaReference[];
}
export interface BrowsePathSpec {
  startingNode: string;
  /** Browse names followed along hierarchical references. */
  path: readonly { namespaceIndex: number; name: string }[];
}
export interface OpcuaPathResult {
  status: string;
  targetId: string | undefined;
}

export interface OpcuaReader {
  read(nodeIds: readonly string[]): Promise<OpcuaDataValue[]>;
  browse(
    nodes: readonly BrowseSpec[],
    options: { maxReferencesPerNode: number; depth?: number },
  ): Promise<OpcuaBrowseResult[]>;
  browseNext(continuationPoints: readonly Uint8Array[], release: boolean): Promise<OpcuaBrowseResult[]>;
  translateBrowsePaths(paths: readonly BrowsePathSpec[]): Promise<OpcuaPathResult[]>;
  close(): Promise<void>;
}

export type OpcuaUserIdentity =
  | { type: 'anonymous' }
  | { type: 'username'; username: string; password: string }
  | { type: 'certificate'; certificate: Buffer; privateKeyPem: string };

export interface OpcuaConnectOptions {
  endpointUrl: string;
  securityMode: 'none' | 'sign' | 'signAndEncrypt';
  securityPolicy: SecurityPolicyName;
  identity: OpcuaUserIdentity;
  /** The agent's PKI: own certificate, trusted/ and rejected/ server certificates. */
  pkiDir: string;
  timeoutMs: number;
  gate: RequestGate;
  logger: Logger;
}

type Library = typeof import('node-opcua-client');
type Transaction = (request: unknown, callback: (error: Error | null, response?: unknown) => void) => void;
interface CertificateManager extends CertificateChecker {
  referenceCounter: number;
  initialize(): Promise<void>;
  dispose(): Promise<void>;
}
interface Loaded {
  lib: Library;
  CertificateManager: new (options: {
    rootFolder: string;
    automaticallyAcceptUnknownCertificate: boolean;
    disableFileWatchers: boolean;
  }) => CertificateManager;
}

let loading: Promise<Loaded> | undefined;
/**
 * node-opcua logs with console.log, on standard output, where `scan --json` writes its data. Its
 * lines go to the debug log of the latest poll instead (the library's logger is process-wide: with
 * polls of several servers at once, a line may carry another OPC UA target's name).
 */
let logSink: Logger | undefined;

function loadLibrary(): Promise<Loaded> {
  loading ??= (async () => {
    const lib = await import('node-opcua-client');
    const forward = (_context: unknown, ...args: unknown[]) =>
      logSink?.debug({ lib: 'node-opcua' }, format(...args));
    lib.setWarningLogger(forward);
    lib.setErrorLogger(forward);
    // The certificate manager class is node-opcua-client's own dependency: resolve it from there.
    const fromClient = createRequire(createRequire(import.meta.url).resolve('node-opcua-client'));
    const { OPCUACertificateManager } = fromClient('node-opcua-certificate-manager') as {
      OPCUACertificateManager: Loaded['CertificateManager'];
    };
    return { lib, CertificateManager: OPCUACertificateManager };
  })();
  return loading;
}

/** Lets only the allowed request types through the client's single path to its secure channel. */
export function restrictToReadServices(client: object): void {
  const target = client as { performMessageTransaction: Transaction };
  const send = target.performMessageTransaction.bind(client);
  target.performMessageTransaction = (request, callback) => {
    const type = (request as { schema?: { name?: string } } | null)?.schema?.name ?? 'unknown request';
    if (!ALLOWED_REQUESTS.has(type)) {
      callback(new PlantwatchError('internal', `refused to send ${type}: the agent only reads`));
      return;
    }
    send(request, callback);
  };
}

export async function connectOpcuaReader(options: OpcuaConnectOptions): Promise<OpcuaReader> {
  const { lib, CertificateManager } = await loadLibrary();
  logSink = options.logger;
  const { gate, timeoutMs, endpointUrl } = options;
  const mode = {
    none: lib.MessageSecurityMode.None,
    sign: lib.MessageSecurityMode.Sign,
    signAndEncrypt: lib.MessageSecurityMode.SignAndEncrypt,
  }[options.securityMode];
  const policy = lib.SecurityPolicy[options.securityPolicy];
  const channel = channelName(options.securityMode, options.securityPolicy);
  // A fresh manager per poll reads trusted/ and rejected/ afresh, so a trust takes effect at once.
  const certificates = new CertificateManager({
    rootFolder: options.pkiDir,
    automaticallyAcceptUnknownCertificate: false,
    disableFileWatchers: true,
  });
  const clients: OPCUAClient[] = [];
  const makeClient = (securityMode: number, securityPolicy: string, serverCertificate?: Buffer) => {
    const client = lib.OPCUAClient.create({
      applicationName: 'plantwatch-agent',
      clientCertificateManager: certificates as never,
      securityMode,
      securityPolicy: securityPolicy as never,
      ...(serverCertificate ? { serverCertificate } : {}),
      // The URL the server advertises often names a host the gateway cannot resolve: use ours.
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
      defaultTransactionTimeout: timeoutMs,
      requestedSessionTimeout: 60_000,
      keepSessionAlive: false,
      // node-opcua would close a live session itself on disconnect, a request the gate never saw:
      // the reader closes it (gated) when it can, otherwise the server times it out.
      keepPendingSessionsOnDisconnect: true,
    });
    restrictToReadServices(client);
    clients.push(client);
    return client;
  };
  const disconnectAll = async () => {
    for (const client of clients)
      await withDeadline(client.disconnect(), timeoutMs, () => {}).catch(() => {});
    // The clients count references to the manager but never release them: it is ours to dispose.
    certificates.referenceCounter = 0;
    await certificates.dispose().catch(() => {});
  };
  const step = async <T>(request: OpcuaRequestShape, work: () => Promise<T>): Promise<T> => {
    const description = describeOpcuaRequest(request);
    await gate.before(description);
    return withDeadline(work(), timeoutMs, () => {}).catch((error: unknown) => {
      throw opcuaFailure(`${description} (${endpointUrl})`, error);
    });
  };

  try {
    await certificates.initialize().catch((error: unknown) => {
      throw new PlantwatchError('invalid_config', `pkiDir ${options.pkiDir}: ${(error as Error).message}`, {
        cause: error,
      });
    });
    let endpoint: EndpointDescription;
    let client: OPCUAClient;
    if (options.securityMode === 'none') {
      client = makeClient(mode, policy);
      await step({ service: 'GetEndpoints', endpointUrl, channel: `over ${channel}` }, () =>
        client.connect(endpointUrl),
      );
      endpoint = chooseEndpoint(lib, client, mode, policy, channel);
    } else {
      // Discovery on an unsecured channel: it tells us the server's certificate, which we must
      // check before opening a secure channel with it.
      const discovery = makeClient(lib.MessageSecurityMode.None, lib.SecurityPolicy.None);
      await step({ service: 'GetEndpoints', endpointUrl, channel: 'for discovery over None' }, () =>
        discovery.connect(endpointUrl),
      );
      endpoint = chooseEndpoint(lib, discovery, mode, policy, channel);
      await withDeadline(discovery.disconnect(), timeoutMs, () => {});
    }
    const serverCertificate = endpoint.serverCertificate ?? undefined;
    // Without a secure channel, the certificate still matters when it encrypts a password or checks
    // a user certificate's signature; with anonymous access over None there is nothing to check.
    if (options.securityMode !== 'none' || options.identity.type !== 'anonymous') {
      await checkServerCertificate(certificates, serverCertificate, endpointUrl, options.pkiDir);
    }
    if (options.securityMode !== 'none') {
      client = makeClient(mode, policy, serverCertificate);
      // node-opcua asks for the endpoints again on the secure channel before CreateSession.
      const secure = client;
      await step({ service: 'GetEndpoints', endpointUrl, channel: `over ${channel}` }, () =>
        secure.connect(endpointUrl).catch((error: unknown) => {
          throw refusedByServer(error, secure.certificateFile) ?? error;
        }),
      );
    }
    const identity = userIdentity(lib, options, endpoint);
    await gate.before(describeOpcuaRequest({ service: 'CreateSession' }));
    const session = await step(
      { service: 'ActivateSession', identity: describeIdentity(options.identity) },
      () => client.createSession(identity),
    );
    return createReader(lib, { session, options, disconnectAll });
  } catch (error) {
    await disconnectAll();
    throw opcuaFailure(`opcua ${endpointUrl}`, error);
  }
}

/** The endpoint for the configured channel, or an error that lists what the server offers instead. */
function chooseEndpoint(lib: Library, client: OPCUAClient, mode: number, policy: string, channel: string) {
  const endpoint = client.findEndpointForSecurity(mode as never, policy as never);
  if (endpoint) return endpoint;
  const offered: string[] = [];
  for (const modeName of ['None', 'Sign', 'SignAndEncrypt'] as const) {
    for (const policyName of Object.keys(lib.SecurityPolicy) as (keyof typeof lib.SecurityPolicy)[]) {
      const found = client.findEndpointForSecurity(
        lib.MessageSecurityMode[modeName],
        lib.SecurityPolicy[policyName],
      );
      if (found) offered.push(`${modeName} ${policyName}`);
    }
  }
  throw new PlantwatchError(
    'device_error',
    `the server offers no ${channel} endpoint, only: ${offered.join(', ') || 'none'}`,
    {
      details: { offered },
    },
  );
}

function userIdentity(lib: Library, options: OpcuaConnectOptions, endpoint: EndpointDescription) {
  const { identity } = options;
  if (identity.type === 'anonymous') return { type: lib.UserTokenType.Anonymous } as const;
  if (identity.type === 'certificate') {
    return {
      type: lib.UserTokenType.Certificate,
      certificateData: identity.certificate,
      privateKey: identity.privateKeyPem,
    } as const;
  }
  const token = endpoint.userIdentityTokens?.find((t) => t.tokenType === lib.UserTokenType.UserName);
  if (!token)
    throw new PlantwatchError('device_error', 'the server accepts no username identity on this endpoint');
  // Over a None channel, only the token's own policy protects the password: refuse to send it clear.
  const tokenPolicy = token.securityPolicyUri ?? '';
  if (options.securityMode === 'none' && (tokenPolicy === '' || tokenPolicy === lib.SecurityPolicy.None)) {
    throw new PlantwatchError(
      'invalid_config',
      'the server would receive the password unencrypted over security mode none; use sign or signAndEncrypt',
    );
  }
  return {
    type: lib.UserTokenType.UserName,
    userName: identity.username,
    password: identity.password,
  } as const;
}

interface SessionLike {
  performMessageTransaction: Transaction;
  close(deleteSubscriptions: boolean): Promise<void>;
}
interface DataValueLike {
  statusCode: { name: string };
  value: { dataType: number; arrayType: number; value: unknown };
}
interface BrowseResultLike {
  statusCode: { name: string };
  continuationPoint: Buffer | null;
  references:
    | {
        referenceTypeId: object;
        nodeId: object;
        browseName: { namespaceIndex: number; name: string | null };
        nodeClass: number;
      }[]
    | null;
}

function createReader(
  lib: Library,
  context: { session: unknown; options: OpcuaConnectOptions; disconnectAll(): Promise<void> },
): OpcuaReader {
  const { options } = context;
  const session = context.session as SessionLike;
  // The session's own transaction method: the request as built here, nothing added by the library.
  const transact = session.performMessageTransaction.bind(session);
  const hierarchical = lib.coerceNodeId('i=33');
  let closed = false;
  let broken = false;

  async function send<T>(request: OpcuaRequestShape, build: () => unknown): Promise<T> {
    if (closed || broken) throw new PlantwatchError('unavailable', 'the OPC UA session is closed');
    const description = describeOpcuaRequest(request);
    let message: unknown;
    try {
      message = build();
    } catch (error) {
      throw new PlantwatchError('invalid_argument', `${description}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    await options.gate.before(description);
    const answer = new Promise<T>((resolve, reject) =>
      transact(message, (error, response) => (error ? reject(error) : resolve(response as T))),
    );
    try {
      // node-opcua never waits less than 5 s for an answer; the target's timeoutMs is the limit.
      return await withDeadline(answer, options.timeoutMs, () => {
        broken = true;
      });
    } catch (error) {
      throw opcuaFailure(`${description} (${options.endpointUrl})`, error);
    }
  }

  const expectCount = <T>(results: T[] | null | undefined, count: number, what: string): T[] => {
    if (results?.length !== count) {
      throw new PlantwatchError(
        'device_error',
        `${what}: the server answered ${results?.length ?? 0} of ${count}`,
      );
    }
    return results;
  };
  const browseResults = (results: BrowseResultLike[] | null | undefined, count: number, what: string) =>
    expectCount(results, count, what).map((result) => ({
      status: result.statusCode.name,
      continuationPoint: result.continuationPoint?.length ? result.continuationPoint : null,
      references: (result.references ?? []).map((reference) => ({
        referenceTypeId: reference.referenceTypeId.toString(),
        nodeId: reference.nodeId.toString(),
        browseName: `${reference.browseName.namespaceIndex}:${reference.browseName.name ?? ''}`,
        nodeClass: lib.NodeClass[reference.nodeClass] ?? String(reference.nodeClass),
      })),
    }));

  const reader: OpcuaReader = {
    async read(nodeIds) {
      const response = await send<{ results?: DataValueLike[] }>(
        { service: 'Read', nodeIds },
        () =>
          new lib.ReadRequest({
            maxAge: 0,
            timestampsToReturn: lib.TimestampsToReturn.Neither,
            nodesToRead: nodeIds.map((nodeId) => ({
              nodeId: lib.coerceNodeId(nodeId),
              attributeId: lib.AttributeIds.Value,
            })),
          }),
      );
      return expectCount(response.results, nodeIds.length, 'Read').map((result) => ({
        status: result.statusCode.name,
        dataType: lib.DataType[result.value.dataType] ?? 'Null',
        isArray: result.value.arrayType !== lib.VariantArrayType.Scalar,
        value: result.value.value,
      }));
    },
    async browse(nodes, { maxReferencesPerNode, depth }) {
      const nodeIds = nodes.map((node) => node.nodeId);
      const response = await send<{ results?: BrowseResultLike[] }>(
        { service: 'Browse', nodeIds, ...(depth === undefined ? {} : { depth }) },
        () =>
          new lib.BrowseRequest({
            requestedMaxReferencesPerNode: maxReferencesPerNode,
            nodesToBrowse: nodes.map((node) => ({
              nodeId: lib.coerceNodeId(node.nodeId),
              referenceTypeId: node.referenceTypeId ? lib.coerceNodeId(node.referenceTypeId) : hierarchical,
              includeSubtypes: true,
              browseDirection: lib.BrowseDirection.Forward,
              nodeClassMask: node.nodeClassMask ?? 0,
              resultMask: 0x3f,
            })),
          }),
      );
      return browseResults(response.results, nodes.length, 'Browse');
    },
    async browseNext(continuationPoints, release) {
      const response = await send<{ results?: BrowseResultLike[] }>(
        { service: 'BrowseNext', count: continuationPoints.length, release },
        () =>
          new lib.BrowseNextRequest({
            continuationPoints: continuationPoints.map((point) => Buffer.from(point)),
            releaseContinuationPoints: release,
          }),
      );
      // Releasing returns no references; some servers return no results at all.
      if (release) return [];
      return browseResults(response.results, continuationPoints.length, 'BrowseNext');
    },
    async translateBrowsePaths(paths) {
      const described = paths.map(
        (p) =>
          `${p.startingNode}/${p.path.map((element) => `${element.namespaceIndex}:${element.name}`).join('/')}`,
      );
      const response = await send<{
        results?: { statusCode: { name: string }; targets?: { targetId: object }[] | null }[];
      }>(
        { service: 'TranslateBrowsePath', paths: described },
        () =>
          new lib.TranslateBrowsePathsToNodeIdsRequest({
            browsePaths: paths.map((p) => ({
              startingNode: lib.coerceNodeId(p.startingNode),
              relativePath: {
                elements: p.path.map((element) => ({
                  referenceTypeId: hierarchical,
                  isInverse: false,
                  includeSubtypes: true,
                  targetName: { namespaceIndex: element.namespaceIndex, name: element.name },
                })),
              },
            })),
          }),
      );
      return expectCount(response.results, paths.length, 'TranslateBrowsePath').map((result) => ({
        status: result.statusCode.name,
        targetId: result.targets?.[0]?.targetId.toString(),
      }));
    },
    async close() {
      if (closed) return;
      closed = true;
      // After a timeout the channel is in doubt: drop it. A cancelled poll (the gate refuses) drops
      // it too, and the server ends the session at its timeout.
      if (!broken) {
        const gated = await options.gate.before(describeOpcuaRequest({ service: 'CloseSession' })).then(
          () => true,
          () => false,
        );
        if (gated) await withDeadline(session.close(false), options.timeoutMs, () => {}).catch(() => {});
      }
      await context.disconnectAll();
    },
  };
  return Object.freeze(reader);
}
