/**
 * The read side of net-snmp 3.29's client, which ships no types. Only what read-only-client.ts
 * uses is declared: Get, GetNext and GetBulk. The session's write and notification methods are
 * deliberately absent, so even the facade cannot call them without the compiler objecting.
 * A module-style declaration (imported with `import type`), not `declare module`, so it never
 * clashes with the simulator's own declaration when one program compiles both.
 */
export interface NetSnmpVarbind {
  oid: string;
  type: number;
  value: unknown;
}

export type NetSnmpCallback<T> = (
  error: (Error & { status?: number; code?: number }) | null,
  result: T,
) => void;

export interface NetSnmpSession {
  get(oids: string[], callback: NetSnmpCallback<NetSnmpVarbind[]>): void;
  getNext(oids: string[], callback: NetSnmpCallback<NetSnmpVarbind[]>): void;
  /** For the first `nonRepeaters` OIDs one varbind each; for every other OID an array of varbinds. */
  getBulk(
    oids: string[],
    nonRepeaters: number,
    maxRepetitions: number,
    callback: NetSnmpCallback<(NetSnmpVarbind | NetSnmpVarbind[])[]>,
  ): void;
  /** Emitted for a reply that cannot be decoded; with no listener it would be an uncaught exception. */
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
  /** Set once a v3 engine discovery succeeded; until then every v3 request is preceded by one. */
  msgSecurityParameters?: unknown;
}

export interface NetSnmpSessionOptions {
  port: number;
  transport: 'udp4' | 'udp6';
  version: number;
  retries: number;
  timeout: number;
  backwardsGetNexts: boolean;
}

export interface NetSnmpUser {
  name: string;
  level: number;
  authProtocol?: number;
  authKey?: string;
  privProtocol?: number;
  privKey?: string;
}

export interface NetSnmpClient {
  createSession(target: string, community: string, options: NetSnmpSessionOptions): NetSnmpSession;
  createV3Session(
    target: string,
    user: NetSnmpUser,
    options: Omit<NetSnmpSessionOptions, 'version'>,
  ): NetSnmpSession;
  Version1: number;
  Version2c: number;
  Version3: number;
  ObjectType: Record<string, number> & Record<number, string>;
  ErrorStatus: Record<number, string>;
  SecurityLevel: Record<'noAuthNoPriv' | 'authNoPriv' | 'authPriv', number>;
  AuthProtocols: Record<'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512', number>;
  PrivProtocols: Record<'aes' | 'aes256b' | 'aes256r', number>;
}
