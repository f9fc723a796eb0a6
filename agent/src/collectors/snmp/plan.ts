import type { SnmpTargetConfig } from './config.ts';
import { describeSnmpRequest } from './describe.ts';
import {
  CISCO_CONFIG_HISTORY,
  type Column,
  DOT1D_BASE_PORT,
  DOT1D_TP_FDB,
  DOT1Q_TP_FDB,
  DOT1Q_VLAN_CURRENT,
  ENT_PHYSICAL,
  IF_TABLE,
  IF_X_TABLE,
  IP_NET_TO_MEDIA,
  IP_NET_TO_PHYSICAL,
  LLDP_LOC_PORT,
  LLDP_REM,
  LLDP_REM_MAN_ADDR,
  SYSTEM,
} from './oids.ts';

type PlannedRead = { kind: 'get'; oids: string[]; label: string } | { kind: 'walk'; column: Column };

/**
 * What a poll reads, in the order collector.ts reads it. The collector test checks that each
 * planned line is the first request of its read in a real poll's transcript.
 */
export function plannedReads(target: SnmpTargetConfig): PlannedRead[] {
  const { walks } = target;
  const walk = (table: Record<string, Column>): PlannedRead[] =>
    Object.values(table).map((column) => ({ kind: 'walk', column }));
  return [
    ...(walks.system ? [{ kind: 'get' as const, oids: Object.values(SYSTEM), label: 'system group' }] : []),
    ...(walks.configHistory
      ? [
          {
            kind: 'get' as const,
            oids: Object.values(CISCO_CONFIG_HISTORY),
            label: 'CISCO-CONFIG-MAN-MIB history',
          },
        ]
      : []),
    ...(walks.entity ? walk(ENT_PHYSICAL) : []),
    ...(walks.interfaces ? [...walk(IF_TABLE), ...walk(IF_X_TABLE)] : []),
    ...(walks.lldp || walks.fdb ? walk(DOT1D_BASE_PORT) : []),
    ...(walks.lldp ? [...walk(LLDP_LOC_PORT), ...walk(LLDP_REM), ...walk(LLDP_REM_MAN_ADDR)] : []),
    ...(walks.fdb ? [...walk(DOT1Q_VLAN_CURRENT), ...walk(DOT1Q_TP_FDB), ...walk(DOT1D_TP_FDB)] : []),
    ...(walks.arp ? [...walk(IP_NET_TO_PHYSICAL), ...walk(IP_NET_TO_MEDIA)] : []),
  ];
}

/** The transcript line of each read's first request, plus a note in brackets on what follows it. */
export function planRequests(target: SnmpTargetConfig): string[] {
  const { version, maxRowsPerTable } = target;
  const lines = version === '3' ? [describeSnmpRequest(version, { pdu: 'discovery' })] : [];
  for (const read of plannedReads(target)) {
    if (read.kind === 'get') {
      lines.push(`${describeSnmpRequest(version, { pdu: 'Get', oids: read.oids })} (${read.label})`);
      continue;
    }
    const first =
      version === '1'
        ? describeSnmpRequest(version, { pdu: 'GetNext', oids: [read.column.oid] })
        : describeSnmpRequest(version, {
            pdu: 'GetBulk',
            oids: [read.column.oid],
            nonRepeaters: 0,
            maxRepetitions: Math.min(target.maxRepetitions, maxRowsPerTable + 1),
          });
    lines.push(
      `${first} (${read.column.name}; repeated until the column ends, at most ${maxRowsPerTable} rows)`,
    );
  }
  return lines;
}
