/** One DI device in the simulated DeviceSet (OPC UA for Devices, Part 100). */
export interface OpcuaDeviceOptions {
  /** The device object's browse name, e.g. `PLC-1`. */
  name: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  hardwareRevision: string;
  softwareRevision: string;
  deviceRevision: string;
  revisionCounter: number;
  productCode?: string;
}

export interface OpcuaBuildInfo {
  productUri: string;
  manufacturerName: string;
  productName: string;
  softwareVersion: string;
  buildNumber: string;
  buildDate: Date;
}

/** Services that change a server: the simulator refuses them, and read-only tests assert none arrived. */
export const MUTATING_SERVICES = [
  'WriteRequest',
  'CallRequest',
  'AddNodesRequest',
  'AddReferencesRequest',
  'DeleteNodesRequest',
  'DeleteReferencesRequest',
  'HistoryUpdateRequest',
] as const;

export type OpcuaSecurityModeName = 'None' | 'Sign' | 'SignAndEncrypt';

export interface OpcuaSimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: the system picks a free port (node-opcua reports the one it got). */
  port?: number;
  /** Default a press PLC with one device (see `DEFAULT_DEVICE`). An empty list leaves the DeviceSet empty. */
  devices?: OpcuaDeviceOptions[];
  buildInfo?: Partial<OpcuaBuildInfo>;
  /** Config values under Objects/Program/Setpoints (Double), by name. */
  setpoints?: Record<string, number>;
  /** Live values under Objects/Program/ProcessValues (Double), by name. */
  processValues?: Record<string, number>;
  /** Security modes offered; None uses policy None, the others Basic256Sha256. Default all three. */
  securityModes?: OpcuaSecurityModeName[];
  /** Username -> password. Default none. */
  users?: Record<string, string>;
  /** Default true. */
  allowAnonymous?: boolean;
  /**
   * Accept any client (application) certificate on Sign and SignAndEncrypt channels, and any user
   * certificate, as a lab server set to "auto-accept" does. Default true; false puts unknown client
   * certificates in the server's rejected folder and refuses the channel.
   */
  trustClientCertificates?: boolean;
  /** Cap the references per node in a Browse reply (below what the client asked), forcing BrowseNext. */
  maxReferencesPerNode?: number;
  /** The server's MaxBrowseContinuationPoints per session (node-opcua's default 0 means no limit). */
  maxBrowseContinuationPoints?: number;
}

export interface RecordedOpcuaRequest {
  /** The request's type name as on the wire, e.g. `ReadRequest`, `BrowseNextRequest`, `WriteRequest`. */
  service: string;
  /** Read, Write and Browse: the node ids asked for, in order (`ns=3;s=Program.Setpoints.Tonnage`). */
  nodeIds?: string[];
  /** Read: the attribute asked for each node (13 is Value), maxAge and the timestamps asked for. */
  attributeIds?: number[];
  maxAge?: number;
  timestampsToReturn?: string;
  /** Browse: how each node of `nodeIds` is browsed. */
  browseDescriptions?: RecordedBrowseDescription[];
  /** TranslateBrowsePathsToNodeIds: every path asked for. */
  browsePaths?: RecordedBrowsePath[];
  /** Browse: the requestedMaxReferencesPerNode the client sent. */
  requestedMaxReferencesPerNode?: number;
  /** BrowseNext: how many continuation points, and whether the client only released them. */
  continuationPoints?: number;
  releaseContinuationPoints?: boolean;
  /** Date.now() when the request was received. */
  at: number;
}

/** One node of a Browse request, beyond its node id: enough to send the same Browse again. */
export interface RecordedBrowseDescription {
  referenceTypeId: string;
  /** `Forward`, `Inverse` or `Both`. */
  browseDirection: string;
  includeSubtypes: boolean;
  nodeClassMask: number;
  resultMask: number;
}

/** One path of a TranslateBrowsePathsToNodeIds request. */
export interface RecordedBrowsePath {
  startingNode: string;
  elements: {
    referenceTypeId: string;
    isInverse: boolean;
    includeSubtypes: boolean;
    /** `<namespace index>:<name>`. */
    targetName: string;
  }[];
}

export type OpcuaFault =
  /** Receive the request, never answer. */
  | { kind: 'timeout' }
  /** Answer correctly after delayMs. */
  | { kind: 'slow'; delayMs: number }
  /** Answer with a ServiceFault carrying this status code name, e.g. `BadTooManySessions`. */
  | { kind: 'status'; statusCode: string };

export interface OpcuaFaultOptions {
  /** How many matching requests the fault hits; default until cleared. */
  times?: number;
  /** Only requests of this type (e.g. `ReadRequest`); default every request. */
  service?: string;
}

export interface OpcuaSimulator {
  readonly host: string;
  readonly port: number;
  /** `opc.tcp://127.0.0.1:<port>`. */
  readonly endpointUrl: string;
  /** The namespace of the Program folder and the devices. */
  readonly namespaceUri: string;
  /** Its index in the server's namespace array. */
  readonly namespaceIndex: number;
  /** SHA-1 of the server certificate (DER), lower-case hex: what `opcua trust` takes. */
  readonly certificateThumbprint: string;
  /** The server's own PKI folder (own/, trusted/, rejected/). */
  readonly pkiDir: string;
  /** Every service request received, in order (a copy). Channel-level messages are not services. */
  readonly requests: readonly RecordedOpcuaRequest[];
  /** Requests for a mutating service (MUTATING_SERVICES): refused, recorded. */
  writeRequests(): RecordedOpcuaRequest[];
  clearRequests(): void;
  /** Resolves with the next request of this type (any type if omitted) received after the call. */
  waitForRequest(service?: string, timeoutMs?: number): Promise<RecordedOpcuaRequest>;
  /** Node id of a program variable by name, e.g. `ns=3;s=Program.Setpoints.Tonnage`. */
  nodeId(name: string): string;
  /** Change a setpoint or process value (the "unauthorized change" or normal process activity). */
  setValue(name: string, value: number): void;
  /** Change a property of a DI device, e.g. (`PLC-1`, `revisionCounter`, 8). */
  setDeviceProperty(
    device: string,
    property: keyof Omit<OpcuaDeviceOptions, 'name'>,
    value: string | number,
  ): void;
  /** Add a setpoint to the program (a new program version): the address space structure changes. */
  addSetpoint(name: string, value: number): void;
  /** Remove a setpoint or process value node from the program. */
  removeVariable(name: string): void;
  /** A warm restart: new ServerStatus StartTime, every session and channel dropped, program kept. */
  restart(): Promise<void>;
  /** As the option of the same name, for client certificates the server has not seen yet. */
  setTrustClientCertificates(enabled: boolean): void;
  /** Changes the browse limits of the running server (see the options of the same names); undefined lifts one. */
  setBrowseLimits(limits: {
    maxReferencesPerNode?: number | undefined;
    maxBrowseContinuationPoints?: number | undefined;
  }): void;
  injectFault(fault: OpcuaFault, options?: OpcuaFaultOptions): void;
  clearFault(): void;
  sessionCount(): number;
  /** Shuts the server down and removes its temporary PKI; idempotent. */
  close(): Promise<void>;
}
