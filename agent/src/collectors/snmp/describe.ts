import type { SnmpVersion } from './config.ts';

/**
 * One line per SNMP request, the same in `scan --dry-run` and in the poll transcript, so what a
 * technician approves is literally what the agent sends: PDU type, OIDs and, for GetBulk, the
 * repetitions asked for. Credentials never appear.
 */
export type SnmpRequestShape =
  | { pdu: 'Get' | 'GetNext'; oids: readonly string[] }
  | { pdu: 'GetBulk'; oids: readonly string[]; nonRepeaters: number; maxRepetitions: number }
  /** RFC 3414 section 4: an empty Get that learns the agent's engine id before the first v3 request. */
  | { pdu: 'discovery' };

export function describeSnmpRequest(version: SnmpVersion, request: SnmpRequestShape): string {
  const prefix = `snmp v${version}`;
  switch (request.pdu) {
    case 'discovery':
      return `${prefix} engine discovery (empty Get)`;
    case 'GetBulk': {
      const nonRepeaters = request.nonRepeaters > 0 ? ` non-repeaters ${request.nonRepeaters}` : '';
      return `${prefix} GetBulk ${request.oids.join(',')}${nonRepeaters} max-repetitions ${request.maxRepetitions}`;
    }
    default:
      return `${prefix} ${request.pdu} ${request.oids.join(',')}`;
  }
}
