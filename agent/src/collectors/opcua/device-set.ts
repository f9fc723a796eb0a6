import type { Identity, PointValue, ScalarValue } from '@plantwatch/protocol';
import { decodeScalar, isBad } from './decode.ts';
import { DI_DEVICE_SET_ID, DI_NAMESPACE_URI } from './node-ids.ts';
import type { OpcuaReader } from './read-only-client.ts';
import { batchesOf, type ServerLimits } from './server-info.ts';

/** DI device properties (OPC UA Part 100, browse names in the DI namespace) and where each goes. */
const DEVICE_PROPERTIES = [
  ['Manufacturer', 'vendor'],
  ['ManufacturerUri', 'vendorUrl'],
  ['Model', 'model'],
  ['ProductCode', 'productCode'],
  ['SerialNumber', 'serial'],
  ['HardwareRevision', 'hardwareRevision'],
  ['SoftwareRevision', 'softwareRevision'],
  ['DeviceRevision', 'deviceRevision'],
  ['RevisionCounter', 'revisionCounter'],
] as const;
type DeviceField = (typeof DEVICE_PROPERTIES)[number][1];

export interface DiDevice {
  /** The device's browse name, made fit for a value path. */
  name: string;
  nodeId: string;
  fields: Partial<Record<DeviceField, ScalarValue>>;
}

/** Devices read from one DeviceSet; a gateway with more is listed up to this many. */
const MAX_DEVICES = 20;
/** Objects in the DeviceSet looked at to find them (it may hold other objects too). */
const MAX_CANDIDATES = 2 * MAX_DEVICES;
const OBJECT_CLASS_MASK = 1;

/**
 * Reads the DI DeviceSet: Browse it for device objects, TranslateBrowsePath each device's property
 * names to node ids, Read those. Devices come sorted by browse name so that the asset's identity
 * (the first device) stays the same from poll to poll whatever order the server lists them in.
 * A server without the DI namespace costs no request at all.
 */
export async function readDeviceSet(
  reader: OpcuaReader,
  namespaces: readonly string[],
  limits: ServerLimits,
): Promise<DiDevice[]> {
  const di = namespaces.indexOf(DI_NAMESPACE_URI);
  if (di < 0) return [];
  const [set] = await reader.browse(
    [{ nodeId: `ns=${di};i=${DI_DEVICE_SET_ID}`, nodeClassMask: OBJECT_CLASS_MASK }],
    { maxReferencesPerNode: MAX_CANDIDATES },
  );
  if (!set || isBad(set.status)) return [];
  if (set.continuationPoint) await reader.browseNext([set.continuationPoint], true);
  const found = set.references
    .filter((reference) => reference.nodeClass === 'Object')
    .sort((a, b) => compare(a.browseName, b.browseName) || compare(a.nodeId, b.nodeId))
    .slice(0, MAX_CANDIDATES);
  if (found.length === 0) return [];

  const paths = found.flatMap((device) =>
    DEVICE_PROPERTIES.map(([browseName]) => ({
      startingNode: device.nodeId,
      path: [{ namespaceIndex: di, name: browseName }],
    })),
  );
  const targets: (string | undefined)[] = [];
  for (const batch of batchesOf(paths, 200, limits.maxNodesPerTranslateBrowsePaths)) {
    const results = await reader.translateBrowsePaths(batch);
    // Optional properties a device lacks come back BadNoMatch: not an error, just absent.
    targets.push(...results.map((result) => (isBad(result.status) ? undefined : result.targetId)));
  }
  const toRead = targets.filter((target): target is string => target !== undefined);
  const read = new Map<string, ScalarValue>();
  for (const batch of batchesOf(toRead, 200, limits.maxNodesPerRead)) {
    const results = await reader.read(batch);
    results.forEach((result, index) => {
      const nodeId = batch[index] as string;
      if (!isBad(result.status) && !result.isArray)
        read.set(nodeId, decodeScalar(result.dataType, result.value));
    });
  }

  const devices = found.map((device, deviceIndex) => {
    const fields: DiDevice['fields'] = {};
    DEVICE_PROPERTIES.forEach(([, field], propertyIndex) => {
      const target = targets[deviceIndex * DEVICE_PROPERTIES.length + propertyIndex];
      const value = target === undefined ? undefined : read.get(target);
      if (value !== undefined && value !== null && value !== '') fields[field] = value;
    });
    return { browseName: device.browseName, nodeId: device.nodeId, fields };
  });
  // DeviceSet also holds objects that are not devices (DI's own DeviceFeatures folder): a device
  // is what has a manufacturer, a model or a serial number.
  const names = new Set<string>();
  return devices
    .filter(
      ({ fields }) =>
        fields.vendor !== undefined || fields.model !== undefined || fields.serial !== undefined,
    )
    .slice(0, MAX_DEVICES)
    .map(({ browseName, nodeId, fields }) => ({ name: uniqueName(browseName, names), nodeId, fields }));
}

/**
 * The first device becomes the asset's identity; every device's RevisionCounter (which DI servers
 * bump on every configuration change) is a config value, and the other devices' identities are
 * identity values, so a swapped module in a gateway or a rack shows up too.
 */
export function deviceSetReading(devices: readonly DiDevice[]): { identity: Identity; values: PointValue[] } {
  const identity: Identity = {};
  const values: PointValue[] = [];
  devices.forEach((device, index) => {
    for (const [field, value] of Object.entries(device.fields) as [DeviceField, ScalarValue][]) {
      const path = `device.${device.name}.${field}`;
      if (field === 'revisionCounter') {
        values.push({ path, class: 'config', value });
      } else if (index === 0) {
        identity[field] = String(value);
        if (field === 'softwareRevision') identity.firmware = String(value);
      } else {
        values.push({ path, class: 'identity', value });
      }
    }
  });
  return { identity, values };
}

/** `2:PLC 1` -> `PLC_1`: the name part, with characters a value path cannot hold replaced. */
function uniqueName(browseName: string, taken: Set<string>): string {
  const base = (browseName.replace(/^\d+:/, '').replace(/[^A-Za-z0-9_:-]/g, '_') || 'device').slice(0, 64);
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
