/**
 * A few IANA private enterprise numbers, to name the vendor when a device has no ENTITY-MIB
 * (sysObjectID is 1.3.6.1.4.1.<enterprise>...). ENTITY-MIB's entPhysicalMfgName wins when present.
 */
const ENTERPRISES: Record<string, string> = {
  '9': 'Cisco',
  '11': 'Hewlett-Packard',
  '248': 'Hirschmann',
  '2011': 'Huawei',
  '2636': 'Juniper Networks',
  '4329': 'Siemens',
  '4526': 'Netgear',
  '8072': 'Net-SNMP',
  '8691': 'Moxa',
  '14988': 'MikroTik',
};

export function vendorFromSysObjectId(sysObjectId: string | undefined): string | undefined {
  const match = /^1\.3\.6\.1\.4\.1\.(\d+)(\.|$)/.exec(sysObjectId ?? '');
  return match ? ENTERPRISES[match[1] ?? ''] : undefined;
}
