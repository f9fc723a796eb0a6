import { PlantwatchError } from '@plantwatch/shared';
import type { SnmpVersion } from './config.ts';
import type { SnmpRequestShape } from './describe.ts';
import { isValidOid } from './varbind.ts';

const MAX_OIDS_PER_REQUEST = 32;
const MAX_REPETITIONS = 100;

/** Refuses, before anything is sent, a request SNMP does not allow or the agent never makes. */
export function checkRequest(version: SnmpVersion, request: SnmpRequestShape): void {
  if (request.pdu === 'discovery') return;
  const refuse = (why: string) => {
    throw new PlantwatchError('invalid_argument', `snmp ${request.pdu}: ${why}`);
  };
  if (request.oids.length < 1 || request.oids.length > MAX_OIDS_PER_REQUEST) {
    refuse(`${request.oids.length} OIDs, expected 1..${MAX_OIDS_PER_REQUEST}`);
  }
  const invalid = request.oids.find((oid) => !isValidOid(oid));
  if (invalid !== undefined) refuse(`"${invalid.slice(0, 60)}" is not a numeric OID`);
  if (request.pdu !== 'GetBulk') return;
  if (version === '1') refuse('GetBulk does not exist in SNMPv1');
  const { nonRepeaters, maxRepetitions } = request;
  if (!Number.isInteger(nonRepeaters) || nonRepeaters < 0 || nonRepeaters > request.oids.length) {
    refuse(`non-repeaters ${nonRepeaters} outside 0..${request.oids.length}`);
  }
  if (!Number.isInteger(maxRepetitions) || maxRepetitions < 1 || maxRepetitions > MAX_REPETITIONS) {
    refuse(`max-repetitions ${maxRepetitions} outside 1..${MAX_REPETITIONS}`);
  }
}
