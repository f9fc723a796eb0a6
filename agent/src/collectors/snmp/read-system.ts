import type { Identity, ScalarValue } from '@plantwatch/protocol';
import { isPlantwatchError } from '@plantwatch/shared';
import { stableBootTime } from './boot-time.ts';
import { asNumber, asOid, asText } from './decode.ts';
import { vendorFromSysObjectId } from './enterprises.ts';
import { CISCO_CONFIG_HISTORY, SYSTEM } from './oids.ts';
import type { SnmpReader } from './read-only-client.ts';
import type { ValueList } from './value-list.ts';
import type { SnmpVarbind } from './varbind.ts';

/**
 * The system group in one Get. sysDescr (which often names the firmware) and sysObjectID identify
 * the device; sysName, sysContact and sysLocation are settings; sysUpTime is volatile and gives the
 * drift-tracked `system.bootTime` (see boot-time.ts).
 */
export async function readSystem(
  reader: SnmpReader,
  list: ValueList,
  options: { previous: ScalarValue | undefined; toleranceMs: number },
): Promise<Identity> {
  const oids = Object.values(SYSTEM);
  const varbinds = await reader.get(oids);
  const receivedAt = Date.now();
  const at = (oid: string): SnmpVarbind | undefined => varbinds.find((varbind) => varbind.oid === oid);
  list.decoded('system.sysDescr', 'identity', at(SYSTEM.sysDescr), asText);
  const sysObjectId = list.decoded('system.sysObjectID', 'identity', at(SYSTEM.sysObjectID), asOid);
  list.decoded('system.sysName', 'config', at(SYSTEM.sysName), asText);
  list.decoded('system.sysContact', 'config', at(SYSTEM.sysContact), asText);
  list.decoded('system.sysLocation', 'config', at(SYSTEM.sysLocation), asText);
  const ticks = asNumber(at(SYSTEM.sysUpTime));
  if (ticks !== undefined && ticks >= 0) {
    list.add('system.sysUpTime', 'volatile', ticks / 100, 's');
    const bootTime = stableBootTime({ nowMs: receivedAt, uptimeTicks: ticks, ...options });
    list.add('system.bootTime', 'config', bootTime);
  }
  const vendor = vendorFromSysObjectId(sysObjectId);
  return { ...(sysObjectId ? { productCode: sysObjectId } : {}), ...(vendor ? { vendor } : {}) };
}

/**
 * Config-change indicators a MIB offers. CISCO-CONFIG-MAN-MIB stamps the running config's last
 * change and save, and the startup config's last change, in sysUpTime ticks: a `write memory` or
 * a `configure terminal` shows up as drift even when nothing else we read changed. Devices without
 * the MIB answer noSuchObject (v2c, v3) or noSuchName (v1); a device that answers the unknown OIDs
 * with another error is treated the same, since this group is optional.
 */
export async function readConfigHistory(reader: SnmpReader, list: ValueList): Promise<void> {
  let varbinds: SnmpVarbind[];
  try {
    varbinds = await reader.get(Object.values(CISCO_CONFIG_HISTORY));
  } catch (error) {
    if (isPlantwatchError(error, 'device_error') && error.details?.snmpErrorStatus) return;
    throw error;
  }
  for (const [name, oid] of Object.entries(CISCO_CONFIG_HISTORY)) {
    const varbind = varbinds.find((candidate) => candidate.oid === oid);
    list.decoded(`cisco.${name}`, 'config', varbind, asNumber);
  }
}
