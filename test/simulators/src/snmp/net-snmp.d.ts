/**
 * The parts of net-snmp 3.29 the simulator and its tests use. The package ships no types; this
 * module-style declaration is imported with `import type` and the library is loaded with
 * createRequire (see load-net-snmp.ts), so it never clashes with the agent's own declaration when
 * one program compiles both.
 */
import type { RemoteInfo, Socket } from 'node:dgram';

export interface NetSnmpVarbind {
  oid: string;
  type?: number;
  value?: unknown;
}

export interface NetSnmpPdu {
  type: number;
  id: number;
  varbinds: NetSnmpVarbind[];
  nonRepeaters?: number;
  maxRepetitions?: number;
  contextName?: string;
  getResponsePduForRequest(): NetSnmpResponsePdu;
}

export interface NetSnmpResponsePdu {
  type: number;
  varbinds: NetSnmpVarbind[];
  errorStatus?: number;
  errorIndex?: number;
}

export interface NetSnmpMessage {
  /** 0 = v1, 1 = v2c, 3 = v3. */
  version: number;
  community?: string;
  user?: { name: string };
  pdu: NetSnmpPdu;
}

export type NetSnmpRequestHandler = (socket: Socket, message: NetSnmpMessage, rinfo: RemoteInfo) => void;

export interface NetSnmpUser {
  name: string;
  level: number;
  authProtocol?: number;
  authKey?: string;
  privProtocol?: number;
  privKey?: string;
}

export interface NetSnmpMibNode {
  value: unknown;
  valueType: number;
}

export interface NetSnmpTableColumn {
  number: number;
  name: string;
  type: number;
  maxAccess: number;
}

export interface NetSnmpProvider {
  name: string;
  type: number;
  oid: string;
  maxAccess: number;
  scalarType?: number;
  tableColumns?: NetSnmpTableColumn[];
  /** `length` fixes the size of an OCTET STRING index part (a MAC address) so it has no length prefix. */
  tableIndex?: { columnName: string; length?: number }[];
  tableAugments?: string;
  handler?: (request: { instanceNode: NetSnmpMibNode; done(): void }) => void;
}

export interface NetSnmpMib {
  registerProvider(provider: NetSnmpProvider): void;
  setScalarValue(name: string, value: unknown): void;
  getScalarValue(name: string): unknown;
  addTableRow(name: string, row: unknown[]): void;
  setTableSingleCell(name: string, column: number, rowIndex: unknown[], value: unknown): void;
  getTableSingleCell(name: string, column: number, rowIndex: unknown[]): unknown;
  deleteTableRow(name: string, rowIndex: unknown[]): boolean;
  lookup(oid: string): NetSnmpMibNode | null;
}

export interface NetSnmpAuthorizer {
  addCommunity(community: string): void;
  addUser(user: NetSnmpUser): void;
}

export interface NetSnmpAgent {
  getAuthorizer(): NetSnmpAuthorizer;
  getMib(): NetSnmpMib;
  close(callback?: () => void): void;
  engine: { engineBoots: number; engineTime: number };
  listener: { send(message: NetSnmpMessage, rinfo: RemoteInfo, socket: Socket): void };
  /** Dispatch methods called by the agent's message handler; the simulator wraps them per instance. */
  getRequest: NetSnmpRequestHandler;
  getNextRequest: NetSnmpRequestHandler;
  getBulkRequest: NetSnmpRequestHandler;
  setRequest: NetSnmpRequestHandler;
  onProxyRequest: NetSnmpRequestHandler;
  sendResponse(socket: Socket, rinfo: RemoteInfo, message: NetSnmpMessage, pdu: NetSnmpResponsePdu): void;
}

export interface NetSnmpAgentOptions {
  port: number;
  address: string;
  accessControlModelType: number;
  /** Anything shaped like node:dgram; the simulator passes one that binds the port it chose. */
  dgramModule: { createSocket(type: 'udp4'): Socket };
}

export type NetSnmpCallback<T> = (error: Error | null, result: T) => void;

/** A client session, used by the simulator's own tests (including the Set it must refuse). */
export interface NetSnmpSession {
  get(oids: string[], callback: NetSnmpCallback<NetSnmpVarbind[]>): void;
  getNext(oids: string[], callback: NetSnmpCallback<NetSnmpVarbind[]>): void;
  getBulk(
    oids: string[],
    nonRepeaters: number,
    maxRepetitions: number,
    callback: NetSnmpCallback<NetSnmpVarbind[][]>,
  ): void;
  set(varbinds: NetSnmpVarbind[], callback: NetSnmpCallback<NetSnmpVarbind[]>): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

export interface NetSnmpSessionOptions {
  port: number;
  version?: number;
  retries?: number;
  timeout?: number;
}

export interface NetSnmp {
  createAgent(
    options: NetSnmpAgentOptions,
    callback: (error: Error | null, data?: unknown) => void,
  ): NetSnmpAgent;
  createSession(target: string, community: string, options: NetSnmpSessionOptions): NetSnmpSession;
  createV3Session(target: string, user: NetSnmpUser, options: NetSnmpSessionOptions): NetSnmpSession;
  Version1: number;
  Version2c: number;
  Version3: number;
  ObjectType: {
    Integer: number;
    OctetString: number;
    Null: number;
    OID: number;
    IpAddress: number;
    Counter: number;
    Gauge: number;
    TimeTicks: number;
    Counter64: number;
    NoSuchObject: number;
  };
  PduType: {
    GetRequest: number;
    GetNextRequest: number;
    GetBulkRequest: number;
    SetRequest: number;
    Report: number;
  };
  ErrorStatus: { GeneralError: number; NoAccess: number; NotWritable: number };
  MibProviderType: { Scalar: number; Table: number };
  MaxAccess: { 'not-accessible': number; 'read-only': number };
  AccessControlModelType: { Simple: number };
  SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  AuthProtocols: Record<'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512', number>;
  PrivProtocols: Record<'des' | 'aes' | 'aes256b' | 'aes256r', number>;
}
