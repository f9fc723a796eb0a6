import type { RemoteInfo, Socket } from 'node:dgram';
import type { RequestLog } from '../common/request-log.ts';
import type { FaultState } from './fault-state.ts';
import { snmp } from './load-net-snmp.ts';
import type { NetSnmpAgent, NetSnmpMessage, NetSnmpRequestHandler } from './net-snmp.d.ts';
import type { RecordedSnmpRequest, SnmpPduName } from './types.ts';

/**
 * Where the simulator sees requests. net-snmp's agent has no hook for incoming PDUs (its callback
 * only reports responses sent and errors), so the per-instance dispatch methods that its message
 * handler calls (`this.getRequest(...)` etc.) are wrapped. They run after net-snmp has checked the
 * community or v3 user and decrypted the PDU, so authPriv requests are recorded in clear, and
 * before any MIB lookup, so a Set is recorded and refused without reaching the MIB. A v3 engine
 * discovery never reaches dispatch: it is recorded from the Report the agent sends back.
 */
const USM_STATS = '1.3.6.1.6.3.15.1.1';
const USM_REPORTS: Record<string, string> = {
  '1': 'unsupported security level',
  '2': 'not in time window',
  '3': 'unknown user name',
  '4': 'unknown engine id',
  '5': 'wrong digest',
  '6': 'decryption error',
};
/** Not BER at all: what a broken device or a middlebox might send back. */
const GARBAGE = Buffer.from('this is not an SNMP message \u0000\u00ff', 'latin1');

export interface TapDependencies {
  log: RequestLog<RecordedSnmpRequest>;
  faults: FaultState;
  later(delayMs: number, task: () => void): void;
  reject(reason: string): void;
}

export function tapRequests(agent: NetSnmpAgent, deps: TapDependencies): void {
  const { log, faults } = deps;
  const dispatch: [keyof NetSnmpAgent & `${string}Request`, SnmpPduName][] = [
    ['getRequest', 'Get'],
    ['getNextRequest', 'GetNext'],
    ['getBulkRequest', 'GetBulk'],
    ['setRequest', 'Set'],
  ];
  for (const [method, type] of dispatch) {
    const original: NetSnmpRequestHandler = agent[method].bind(agent);
    agent[method] = (socket, message, rinfo) => {
      const request = recordOf(type, message);
      log.record(request);
      // Nobody may change this device: every Set is refused without touching the MIB.
      if (type === 'Set') return respondWithError(agent, socket, message, rinfo, snmp.ErrorStatus.NoAccess);
      const fault = faults.take(request);
      if (!fault) return original(socket, message, rinfo);
      switch (fault.kind) {
        case 'timeout':
          return;
        case 'slow':
          return deps.later(fault.delayMs, () => original(socket, message, rinfo));
        case 'malformed':
          socket.send(GARBAGE, rinfo.port, rinfo.address);
          return;
        case 'error':
          return respondWithError(
            agent,
            socket,
            message,
            rinfo,
            fault.status ?? snmp.ErrorStatus.GeneralError,
          );
      }
    };
  }
  // A v3 request naming a context would be forwarded to a proxy; this device has none.
  agent.onProxyRequest = (_socket, message) => {
    log.record(recordOf(pduName(message.pdu.type), message));
    deps.reject(`context "${message.pdu.contextName}" is not served`);
  };
  const send = agent.listener.send.bind(agent.listener);
  agent.listener.send = (message, rinfo, socket) => {
    if (message.pdu.type === snmp.PduType.Report) {
      const oid = message.pdu.varbinds[0]?.oid ?? '';
      const kind = oid.startsWith(`${USM_STATS}.`) ? oid.slice(USM_STATS.length + 1).replace(/\.0$/, '') : '';
      if (kind === '4') {
        log.record({
          type: 'Get',
          version: '3',
          securityName: '',
          oids: [],
          discovery: true,
          at: Date.now(),
        });
      } else {
        deps.reject(`answered with a Report: ${USM_REPORTS[kind] ?? oid}`);
      }
    }
    send(message, rinfo, socket);
  };
}

function recordOf(type: SnmpPduName, message: NetSnmpMessage): RecordedSnmpRequest {
  const { pdu } = message;
  const version = message.version === snmp.Version3 ? '3' : message.version === snmp.Version2c ? '2c' : '1';
  return {
    type,
    version,
    securityName: (version === '3' ? message.user?.name : message.community) ?? '',
    // Copied now: net-snmp replaces the PDU's varbinds with the answer for GetNext and GetBulk.
    oids: pdu.varbinds.map((varbind) => varbind.oid),
    ...(type === 'GetBulk'
      ? { nonRepeaters: pdu.nonRepeaters ?? 0, maxRepetitions: pdu.maxRepetitions ?? 0 }
      : {}),
    at: Date.now(),
  };
}

function pduName(type: number): SnmpPduName {
  const names: Record<number, SnmpPduName> = {
    [snmp.PduType.GetRequest]: 'Get',
    [snmp.PduType.GetNextRequest]: 'GetNext',
    [snmp.PduType.GetBulkRequest]: 'GetBulk',
    [snmp.PduType.SetRequest]: 'Set',
  };
  return names[type] ?? 'Other';
}

/** A GetResponse carrying `status` for the first varbind, the request's varbinds echoed (RFC 3416 4.2). */
function respondWithError(
  agent: NetSnmpAgent,
  socket: Socket,
  message: NetSnmpMessage,
  rinfo: RemoteInfo,
  status: number,
): void {
  const response = message.pdu.getResponsePduForRequest();
  response.varbinds = message.pdu.varbinds.map((varbind) => ({
    oid: varbind.oid,
    type: varbind.type ?? snmp.ObjectType.Null,
    value: varbind.value ?? null,
  }));
  response.errorStatus = status;
  response.errorIndex = 1;
  // sendResponse translates v2 error statuses for a v1 request (noAccess becomes noSuchName).
  agent.sendResponse(socket, rinfo, message, response);
}
