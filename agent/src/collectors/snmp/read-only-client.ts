import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { PlantwatchError } from '@plantwatch/shared';
import type { RequestGate } from '../types.ts';
import { checkRequest } from './check-request.ts';
import type { SnmpVersion } from './config.ts';
import type { SnmpCredentials } from './credentials.ts';
import { describeSnmpRequest, type SnmpRequestShape } from './describe.ts';
import type { NetSnmpCallback, NetSnmpClient, NetSnmpSession, NetSnmpVarbind } from './net-snmp.d.ts';
import type { Column } from './oids.ts';
import { requestError } from './request-error.ts';
import { compareOids, type SnmpVarbind, type VarbindKind } from './varbind.ts';
import { type WalkResult, walkSubtree } from './walk.ts';

/**
 * The only door from the agent to an SNMP device, and it only opens for reads.
 *
 * The net-snmp session stays inside this closure; collectors get a frozen object whose sole
 * requests are Get, GetNext and GetBulk (and walks built on them). There is no function that could
 * send a Set, so no collector bug, config value or device reply can make the agent change a switch.
 * `src/read-only.test.ts` checks that no other agent file imports net-snmp or names a write API,
 * and the tests next to this file check the object's surface and, on the simulator, the wire.
 */
// net-snmp is CommonJS and ships no types: loaded here, and only here, typed by net-snmp.d.ts.
// Loaded at the first SNMP poll (about 4 MiB), so a gateway without SNMP targets never pays for it.
let library: NetSnmpClient | undefined;
function netSnmp(): NetSnmpClient {
  library ??= createRequire(import.meta.url)('net-snmp') as NetSnmpClient;
  return library;
}

export const READ_FUNCTIONS = ['get', 'getNext', 'getBulk', 'subtree', 'table'] as const;

export interface TableResult {
  /** Rows by OID index (the part after the column OID), in index order; each row by column name. */
  rows: Map<string, Record<string, SnmpVarbind>>;
  truncated: boolean;
}

export interface SnmpReader {
  readonly version: SnmpVersion;
  get(oids: readonly string[]): Promise<SnmpVarbind[]>;
  getNext(oids: readonly string[]): Promise<SnmpVarbind[]>;
  /** One list per OID: a single varbind for the first `nonRepeaters`, up to `maxRepetitions` for the rest. */
  getBulk(oids: readonly string[], nonRepeaters: number, maxRepetitions: number): Promise<SnmpVarbind[][]>;
  /** Everything under `base`, by GetBulk (v2c, v3) or GetNext (v1), at most `maxRows` values. */
  subtree(base: string, maxRows: number): Promise<WalkResult>;
  /** The given columns of one table, each walked with subtree(). */
  table(columns: readonly Column[], maxRows: number): Promise<TableResult>;
  close(): Promise<void>;
}

export interface SnmpConnectOptions {
  host: string;
  port: number;
  timeoutMs: number;
  credentials: SnmpCredentials;
  /** Values asked for per GetBulk in walks. */
  maxRepetitions: number;
  /** Paces, cancels and records every request (see RequestGate). */
  gate: RequestGate;
  /** Aborting closes the session, so a request in flight fails at once instead of at its timeout. */
  signal: AbortSignal;
}

const KINDS: Record<string, VarbindKind> = {
  Integer: 'integer',
  OctetString: 'octets',
  Null: 'null',
  OID: 'oid',
  IpAddress: 'ip',
  Counter: 'counter',
  Gauge: 'gauge',
  TimeTicks: 'timeticks',
  Counter64: 'counter64',
  NoSuchObject: 'noSuchObject',
  NoSuchInstance: 'noSuchInstance',
  EndOfMibView: 'endOfMibView',
};

export function connectSnmpReader(options: SnmpConnectOptions): SnmpReader {
  const snmp = netSnmp();
  const { credentials, gate, signal } = options;
  const { version } = credentials;
  const session = openSession(options);
  let closed = false;
  // A reply net-snmp cannot decode is dropped with an 'error' event (and would crash without a
  // listener); the request then times out, and the timeout message says what arrived instead.
  let undecodableReply: string | undefined;
  session.on('error', (error) => {
    undecodableReply = String(error?.message ?? error).slice(0, 120);
  });
  const close = () => {
    if (closed) return;
    closed = true;
    signal.removeEventListener('abort', close);
    session.close();
  };
  signal.addEventListener('abort', close, { once: true });

  async function send<T>(
    request: SnmpRequestShape,
    start: (callback: NetSnmpCallback<T>) => void,
  ): Promise<T> {
    checkRequest(version, request);
    if (version === '3' && !session.msgSecurityParameters) {
      await gate.before(describeSnmpRequest(version, { pdu: 'discovery' }));
    }
    const description = describeSnmpRequest(version, request);
    await gate.before(description);
    if (closed) throw new PlantwatchError('unavailable', `${description}: the session is closed`);
    undecodableReply = undefined;
    return new Promise<T>((resolve, reject) => {
      start((error, result) => {
        if (!error) return resolve(result);
        if (signal.aborted)
          return reject(new PlantwatchError('unavailable', 'poll cancelled: the agent is stopping'));
        const statusName = error.status === undefined ? undefined : snmp.ErrorStatus[error.status];
        reject(
          requestError(Object.assign(error, { statusName }), {
            description,
            version,
            port: options.port,
            timeoutMs: options.timeoutMs,
            undecodableReply,
          }),
        );
      });
    });
  }

  const get = async (oids: readonly string[]) =>
    (await send<NetSnmpVarbind[]>({ pdu: 'Get', oids }, (cb) => session.get([...oids], cb))).map(toVarbind);
  const getNext = async (oids: readonly string[]) =>
    (await send<NetSnmpVarbind[]>({ pdu: 'GetNext', oids }, (cb) => session.getNext([...oids], cb))).map(
      toVarbind,
    );
  const getBulk = async (oids: readonly string[], nonRepeaters: number, maxRepetitions: number) => {
    const request = { pdu: 'GetBulk' as const, oids, nonRepeaters, maxRepetitions };
    const result = await send<(NetSnmpVarbind | NetSnmpVarbind[])[]>(request, (cb) =>
      session.getBulk([...oids], nonRepeaters, maxRepetitions, cb),
    );
    return result.map((entry) => (Array.isArray(entry) ? entry : [entry]).map(toVarbind));
  };
  const subtree = (base: string, maxRows: number) =>
    walkSubtree(base, maxRows, options.maxRepetitions, async (cursor, count) => {
      if (version !== '1') return (await getBulk([cursor], 0, count))[0] ?? [];
      try {
        return await getNext([cursor]);
      } catch (error) {
        // SNMPv1 has no endOfMibView: an agent answers noSuchName past the end of its MIB.
        if (error instanceof PlantwatchError && error.details?.snmpErrorStatus === 'NoSuchName') return [];
        throw error;
      }
    });

  const reader: SnmpReader = {
    version,
    get,
    getNext,
    getBulk,
    subtree,
    async table(columns, maxRows) {
      const cells = new Map<string, Record<string, SnmpVarbind>>();
      let truncated = false;
      // Column after column, one request at a time: a device is never asked two things at once.
      for (const column of columns) {
        const walked = await subtree(column.oid, maxRows);
        truncated ||= walked.truncated;
        for (const varbind of walked.varbinds) {
          const index = varbind.oid.slice(column.oid.length + 1);
          const row = cells.get(index) ?? {};
          row[column.name] = varbind;
          cells.set(index, row);
        }
      }
      const rows = new Map([...cells].sort(([a], [b]) => compareOids(a, b)));
      return { rows, truncated };
    },
    async close() {
      close();
    },
  };
  return Object.freeze(reader);
}

function openSession(options: SnmpConnectOptions): NetSnmpSession {
  const snmp = netSnmp();
  const common = {
    port: options.port,
    transport: isIP(options.host) === 6 ? ('udp6' as const) : ('udp4' as const),
    // One datagram per transcript line: the poller, not the library, retries a failed poll.
    retries: 0,
    timeout: options.timeoutMs,
    // Order is checked by walkSubtree, which can say which OID broke it.
    backwardsGetNexts: true,
  };
  const { credentials } = options;
  if (credentials.version !== '3') {
    const version = credentials.version === '1' ? snmp.Version1 : snmp.Version2c;
    return snmp.createSession(options.host, credentials.community, { ...common, version });
  }
  return snmp.createV3Session(
    options.host,
    {
      name: credentials.user,
      level: snmp.SecurityLevel[credentials.securityLevel],
      ...(credentials.auth
        ? { authProtocol: snmp.AuthProtocols[credentials.auth.protocol], authKey: credentials.auth.password }
        : {}),
      ...(credentials.priv
        ? { privProtocol: snmp.PrivProtocols[credentials.priv.protocol], privKey: credentials.priv.password }
        : {}),
    },
    common,
  );
}

function toVarbind(varbind: NetSnmpVarbind): SnmpVarbind {
  const kind = KINDS[netSnmp().ObjectType[varbind.type] ?? ''] ?? 'other';
  const { value } = varbind;
  // Trust the type tag only when the value has the shape it promises.
  const fits =
    kind === 'octets' || kind === 'counter64'
      ? Buffer.isBuffer(value)
      : kind === 'oid' || kind === 'ip'
        ? typeof value === 'string'
        : ['integer', 'counter', 'gauge', 'timeticks'].includes(kind)
          ? typeof value === 'number' && Number.isFinite(value)
          : true;
  if (!fits) return { oid: String(varbind.oid), kind: 'other', value: null };
  return { oid: String(varbind.oid), kind, value: (value ?? null) as SnmpVarbind['value'] };
}
