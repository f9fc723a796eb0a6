import { snmp } from './load-net-snmp.ts';
import type { NetSnmpCallback, NetSnmpSession, NetSnmpVarbind } from './net-snmp.d.ts';
import type { SnmpSimulator, SnmpSimulatorUser } from './types.ts';

/** A promise-returning net-snmp client for the simulator's own tests (the agent has its own facade). */
export interface TestClient {
  get(oids: string[]): Promise<NetSnmpVarbind[]>;
  getNext(oids: string[]): Promise<NetSnmpVarbind[]>;
  getBulk(oids: string[], maxRepetitions: number): Promise<NetSnmpVarbind[][]>;
  set(varbinds: NetSnmpVarbind[]): Promise<NetSnmpVarbind[]>;
  /** Session errors net-snmp emits (an undecodable reply); without a listener they would crash. */
  readonly errors: Error[];
  close(): void;
}

export type ClientCredentials =
  | { version: '1' | '2c'; community: string }
  | { version: '3'; user: SnmpSimulatorUser };

export function testClient(
  simulator: SnmpSimulator,
  credentials: ClientCredentials = { version: '2c', community: 'public' },
  timeoutMs = 1000,
): TestClient {
  const options = { port: simulator.port, retries: 0, timeout: timeoutMs };
  const session: NetSnmpSession =
    credentials.version === '3'
      ? snmp.createV3Session(simulator.host, v3User(credentials.user), options)
      : snmp.createSession(simulator.host, credentials.community, {
          ...options,
          version: credentials.version === '1' ? snmp.Version1 : snmp.Version2c,
        });
  const errors: Error[] = [];
  session.on('error', (error) => errors.push(error));
  const call = <T>(start: (callback: NetSnmpCallback<T>) => void) =>
    new Promise<T>((resolve, reject) => start((error, result) => (error ? reject(error) : resolve(result))));
  return {
    get: (oids) => call((cb) => session.get(oids, cb)),
    getNext: (oids) => call((cb) => session.getNext(oids, cb)),
    getBulk: (oids, maxRepetitions) => call((cb) => session.getBulk(oids, 0, maxRepetitions, cb)),
    set: (varbinds) => call((cb) => session.set(varbinds, cb)),
    errors,
    close: () => session.close(),
  };
}

function v3User(user: SnmpSimulatorUser) {
  return {
    name: user.name,
    level: snmp.SecurityLevel[user.level],
    ...(user.authProtocol
      ? { authProtocol: snmp.AuthProtocols[user.authProtocol], authKey: user.authKey }
      : {}),
    ...(user.privProtocol
      ? { privProtocol: snmp.PrivProtocols[user.privProtocol], privKey: user.privKey }
      : {}),
  };
}

/** The text of an OCTET STRING varbind. */
export function text(varbind: NetSnmpVarbind | undefined): string {
  return Buffer.isBuffer(varbind?.value) ? varbind.value.toString('latin1') : String(varbind?.value);
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}
