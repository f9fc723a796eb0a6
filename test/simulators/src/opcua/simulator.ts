import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  MessageSecurityMode,
  nodesets,
  OPCUACertificateManager,
  OPCUAServer,
  RegisterServerMethod,
  SecurityPolicy,
  setErrorLogger,
  setWarningLogger,
} from 'node-opcua';
import { buildPlcAddressSpace } from './address-space.ts';
import {
  DEFAULT_BUILD_INFO,
  DEFAULT_DEVICE,
  DEFAULT_PROCESS_VALUES,
  DEFAULT_SETPOINTS,
  PLC_NAMESPACE_URI,
  SERVER_APPLICATION_URI,
} from './defaults.ts';
import { createFaultState } from './fault-state.ts';
import { createRequestLog } from './request-log.ts';
import { statusCodeNamed, tapRequests } from './request-tap.ts';
import { MUTATING_SERVICES, type OpcuaSimulator, type OpcuaSimulatorOptions } from './types.ts';

// node-opcua prints its warnings and errors with console.log, on standard output, and a test server
// sees plenty of them (clients hanging up, certificates being made). PLANTWATCH_OPCUA_LOG=1 keeps them.
if (!process.env.PLANTWATCH_OPCUA_LOG) {
  setWarningLogger(() => {});
  setErrorLogger(() => {});
}

const MODES = {
  None: MessageSecurityMode.None,
  Sign: MessageSecurityMode.Sign,
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
} as const;

/**
 * Starts an in-process OPC UA server on a free port of 127.0.0.1 with the DI nodeset, a DeviceSet
 * and a Program folder. Every certificate lives in a temporary folder removed by close(): node-opcua
 * would otherwise create its PKI under ~/.config.
 */
export async function startOpcuaSimulator(options: OpcuaSimulatorOptions = {}): Promise<OpcuaSimulator> {
  const host = options.host ?? '127.0.0.1';
  const pkiDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-opcua-sim-'));
  const trust = options.trustClientCertificates ?? true;
  const certificateManager = (folder: string) =>
    new OPCUACertificateManager({
      rootFolder: path.join(pkiDir, folder),
      automaticallyAcceptUnknownCertificate: trust,
    });
  const serverCertificates = certificateManager('server');
  const modes = options.securityModes ?? ['None', 'Sign', 'SignAndEncrypt'];
  const users = options.users ?? {};
  const server = new OPCUAServer({
    port: options.port ?? 0,
    host,
    hostname: host,
    nodeset_filename: [nodesets.standard, nodesets.di],
    serverCertificateManager: serverCertificates,
    userCertificateManager: certificateManager('users'),
    securityModes: modes.map((mode) => MODES[mode]),
    securityPolicies: [
      ...(modes.includes('None') ? [SecurityPolicy.None] : []),
      ...(modes.some((mode) => mode !== 'None') ? [SecurityPolicy.Basic256Sha256] : []),
    ],
    allowAnonymous: options.allowAnonymous ?? true,
    userManager: { isValidUser: (userName: string, password: string) => users[userName] === password },
    serverInfo: { applicationUri: SERVER_APPLICATION_URI, productUri: 'urn:plantwatch:simulator' },
    buildInfo: { ...DEFAULT_BUILD_INFO, ...options.buildInfo },
    serverCapabilities: { maxBrowseContinuationPoints: options.maxBrowseContinuationPoints ?? 0 },
    registerServerMethod: RegisterServerMethod.HIDDEN,
    isAuditing: false,
  });

  const log = createRequestLog();
  const faults = createFaultState();
  const timers = new Set<NodeJS.Timeout>();
  let maxReferencesPerNode = options.maxReferencesPerNode;
  let plc: ReturnType<typeof buildPlcAddressSpace>;
  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('node-opcua built no address space');
    plc = buildPlcAddressSpace(addressSpace, {
      namespaceUri: PLC_NAMESPACE_URI,
      devices: options.devices ?? [DEFAULT_DEVICE],
      setpoints: options.setpoints ?? DEFAULT_SETPOINTS,
      processValues: options.processValues ?? DEFAULT_PROCESS_VALUES,
    });
    tapRequests(server, {
      record: (request) => log.record(request),
      faults,
      later(delayMs, task) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          task();
        }, delayMs);
        timers.add(timer);
      },
      maxReferencesPerNode: () => maxReferencesPerNode,
    });
    // Port 0 works: the endpoint reads back the port the system gave it once listening.
    await server.start();
  } catch (error) {
    await rm(pkiDir, { recursive: true, force: true });
    throw error;
  }
  const endpoint = server.endpoints[0];
  if (!endpoint) throw new Error('node-opcua started no endpoint');
  const port = endpoint.port;
  const certificate = server.getCertificate();

  let closing: Promise<void> | undefined;
  const shutDown = async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    log.cancelWaits('the OPC UA simulator was closed');
    // 0: no grace period for clients (node-opcua waits 100 ms by default, announcing the shutdown).
    await server.shutdown(0);
    await rm(pkiDir, { recursive: true, force: true });
  };

  return {
    host,
    port,
    endpointUrl: `opc.tcp://${host}:${port}`,
    namespaceUri: PLC_NAMESPACE_URI,
    namespaceIndex: plc.namespace.index,
    certificateThumbprint: createHash('sha1').update(certificate).digest('hex'),
    pkiDir: path.join(pkiDir, 'server'),
    get requests() {
      return log.list();
    },
    writeRequests: () =>
      log.list().filter((request) => (MUTATING_SERVICES as readonly string[]).includes(request.service)),
    clearRequests: () => log.clear(),
    waitForRequest: (service, timeoutMs = 5_000) => log.next(service, timeoutMs),
    nodeId: (name) => plc.nodeId(name),
    setValue: (name, value) => plc.setValue(name, value),
    setDeviceProperty: (device, property, value) => plc.setDeviceProperty(device, property, value),
    addSetpoint: (name, value) => plc.addSetpoint(name, value),
    removeVariable: (name) => plc.removeVariable(name),
    async restart() {
      const engine = server.engine;
      // A PLC that reboots keeps its program but starts a new life: new StartTime, no sessions.
      const previous = engine.serverStatus.startTime?.getTime() ?? 0;
      engine.serverStatus.startTime = new Date(Math.max(Date.now(), previous + 1));
      for (const session of engine.getSessions())
        engine.closeSession(session.authenticationToken, true, 'Terminated');
      for (const serverEndpoint of server.endpoints) serverEndpoint.abruptlyInterruptChannels();
    },
    setTrustClientCertificates(enabled) {
      serverCertificates.automaticallyAcceptUnknownCertificate = enabled;
    },
    setBrowseLimits(limits) {
      if ('maxReferencesPerNode' in limits) maxReferencesPerNode = limits.maxReferencesPerNode;
      if ('maxBrowseContinuationPoints' in limits) {
        server.engine.serverCapabilities.maxBrowseContinuationPoints =
          limits.maxBrowseContinuationPoints ?? 0;
      }
    },
    injectFault(fault, faultOptions) {
      if (fault.kind === 'status') statusCodeNamed(fault.statusCode);
      faults.inject(fault, faultOptions);
    },
    clearFault: () => faults.clear(),
    sessionCount: () => server.engine.currentSessionCount,
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}
