import type { Identity } from '@plantwatch/protocol';
import { asNumber, asText, indexArcs } from './decode.ts';
import { ENT_PHYSICAL } from './oids.ts';
import type { SnmpReader } from './read-only-client.ts';
import type { ValueList } from './value-list.ts';

/** entPhysicalClass values (ENTITY-MIB PhysicalClass) worth tracking: swappable, serialised hardware. */
const CLASS_NAMES: Record<number, string> = {
  3: 'chassis',
  6: 'powerSupply',
  7: 'fan',
  9: 'module',
  11: 'stack',
};
const CHASSIS = 3;
const TEXT_COLUMNS = [
  'entPhysicalDescr',
  'entPhysicalName',
  'entPhysicalHardwareRev',
  'entPhysicalFirmwareRev',
  'entPhysicalSoftwareRev',
  'entPhysicalSerialNum',
  'entPhysicalMfgName',
  'entPhysicalModelName',
] as const;

/**
 * ENTITY-MIB entPhysicalTable. Chassis, modules, power supplies, fans and stacks (and anything else
 * with a serial number) become identity values, `entity[<entPhysicalIndex>].<column>`, so a swapped
 * module or a firmware upgrade is drift. Ports and sensors are left out: a chassis can list hundreds
 * and they say nothing the interface table does not. The first chassis row names the asset.
 */
export async function readEntities(
  reader: SnmpReader,
  list: ValueList,
  maxRows: number,
): Promise<{ identity: Identity; truncated: boolean }> {
  const { rows, truncated } = await reader.table(Object.values(ENT_PHYSICAL), maxRows);
  let identity: Identity = {};
  let chassisFound = false;
  for (const [index, row] of rows) {
    const arcs = indexArcs(index);
    if (arcs?.length !== 1) continue;
    const physicalClass = asNumber(row.entPhysicalClass);
    const text = Object.fromEntries(TEXT_COLUMNS.map((column) => [column, asText(row[column]) ?? '']));
    const className = physicalClass === undefined ? undefined : CLASS_NAMES[physicalClass];
    if (!className && text.entPhysicalSerialNum === '') continue;
    const prefix = `entity[${arcs[0]}]`;
    list.add(`${prefix}.entPhysicalClass`, 'identity', className ?? physicalClass ?? null);
    for (const column of TEXT_COLUMNS) {
      if (text[column] !== '') list.add(`${prefix}.${column}`, 'identity', text[column] ?? '');
    }
    if (physicalClass === CHASSIS && !chassisFound) {
      chassisFound = true;
      identity = chassisIdentity(text);
    }
  }
  return { identity, truncated };
}

function chassisIdentity(text: Record<string, string>): Identity {
  const fields: [keyof Identity, string | undefined][] = [
    ['vendor', text.entPhysicalMfgName],
    ['model', text.entPhysicalModelName],
    ['productName', text.entPhysicalDescr],
    ['serial', text.entPhysicalSerialNum],
    ['hardwareRevision', text.entPhysicalHardwareRev],
    ['firmware', text.entPhysicalFirmwareRev],
    ['softwareRevision', text.entPhysicalSoftwareRev],
  ];
  return Object.fromEntries(fields.filter(([, value]) => value)) as Identity;
}
