import type { Identity, PointValue, ScalarValue, ValueClass } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import { decodeArray, decodeScalar, isBad, type OpcuaDataValue } from './decode.ts';
import { standardNodeId, WELL_KNOWN } from './node-ids.ts';
import type { OpcuaReader } from './read-only-client.ts';

/** What a server says it can take; 0 means it does not say (no limit known). */
export interface ServerLimits {
  maxNodesPerRead: number;
  maxNodesPerBrowse: number;
  maxNodesPerTranslateBrowsePaths: number;
  maxBrowseContinuationPoints: number;
}

export interface ServerInfo {
  namespaces: string[];
  limits: ServerLimits;
  identity: Identity;
  values: PointValue[];
}

/** Namespace URIs reported as values; a server with more is unusual and the rest are not shown. */
const MAX_NAMESPACES = 100;
const SERVER_STATES = [
  'Running',
  'Failed',
  'NoConfiguration',
  'Suspended',
  'Shutdown',
  'Test',
  'CommunicationFault',
  'Unknown',
];

/**
 * ServerStatus and BuildInfo members, read one by one rather than as the ServerStatus structure so
 * that every value is a plain scalar. StartTime only changes when the server restarts: tracked as
 * config, a restart shows up as drift.
 */
const STATUS_NODES: [path: string, id: number, valueClass: ValueClass, identityField?: keyof Identity][] = [
  ['server.startTime', WELL_KNOWN.serverStatusStartTime, 'config'],
  ['server.state', WELL_KNOWN.serverStatusState, 'volatile'],
  ['server.buildInfo.productUri', WELL_KNOWN.buildInfoProductUri, 'identity'],
  ['server.buildInfo.manufacturerName', WELL_KNOWN.buildInfoManufacturerName, 'identity', 'vendor'],
  ['server.buildInfo.productName', WELL_KNOWN.buildInfoProductName, 'identity', 'productName'],
  ['server.buildInfo.softwareVersion', WELL_KNOWN.buildInfoSoftwareVersion, 'identity', 'firmware'],
  ['server.buildInfo.buildNumber', WELL_KNOWN.buildInfoBuildNumber, 'identity'],
  ['server.buildInfo.buildDate', WELL_KNOWN.buildInfoBuildDate, 'identity'],
];
const LIMIT_NODES: [keyof ServerLimits, number][] = [
  ['maxNodesPerRead', WELL_KNOWN.maxNodesPerRead],
  ['maxNodesPerBrowse', WELL_KNOWN.maxNodesPerBrowse],
  ['maxNodesPerTranslateBrowsePaths', WELL_KNOWN.maxNodesPerTranslateBrowsePaths],
  ['maxBrowseContinuationPoints', WELL_KNOWN.maxBrowseContinuationPoints],
];

/** The node ids of the first Read of every poll, in order (also what `plan()` shows). */
export const SERVER_INFO_NODE_IDS = [
  ...STATUS_NODES.map(([, id]) => standardNodeId(id)),
  standardNodeId(WELL_KNOWN.namespaceArray),
  ...LIMIT_NODES.map(([, id]) => standardNodeId(id)),
];

export async function readServerInfo(reader: OpcuaReader): Promise<ServerInfo> {
  const results = await reader.read(SERVER_INFO_NODE_IDS);
  const status = results.slice(0, STATUS_NODES.length);
  const namespaceValue = results[STATUS_NODES.length] as OpcuaDataValue;
  const limitValues = results.slice(STATUS_NODES.length + 1);

  const identity: Identity = {};
  const values: PointValue[] = [];
  STATUS_NODES.forEach(([path, id, valueClass, identityField], index) => {
    const result = status[index] as OpcuaDataValue;
    // Mandatory nodes served by the stack itself: a Bad status here is a sick server, not an answer.
    if (isBad(result.status)) throw badStatus(id, result.status);
    let value: ScalarValue = decodeScalar(result.dataType, result.value);
    if (id === WELL_KNOWN.serverStatusState && typeof value === 'number')
      value = SERVER_STATES[value] ?? value;
    values.push({ path, class: valueClass, value });
    if (identityField && typeof value === 'string' && value !== '') identity[identityField] = value;
  });

  if (isBad(namespaceValue.status)) throw badStatus(WELL_KNOWN.namespaceArray, namespaceValue.status);
  const namespaces = decodeArray('String', namespaceValue.value).map((uri) => String(uri ?? ''));
  namespaces.slice(0, MAX_NAMESPACES).forEach((uri, index) => {
    values.push({ path: `namespaces[${index}]`, class: 'config', value: uri });
  });

  const limits = {} as ServerLimits;
  LIMIT_NODES.forEach(([name], index) => {
    const result = limitValues[index];
    // Optional nodes: many servers do not publish their operation limits.
    const value = result && !isBad(result.status) ? Number(result.value) : 0;
    limits[name] = Number.isInteger(value) && value > 0 ? value : 0;
  });
  return { namespaces, limits, identity, values };
}

function badStatus(id: number, status: string): PlantwatchError {
  return new PlantwatchError('device_error', `reading ${standardNodeId(id)} returned ${status}`, {
    details: { statusCode: status },
  });
}

/** Splits work into requests a server accepts: `preferred` items each, fewer if the server says so. */
export function batchesOf<T>(items: readonly T[], preferred: number, serverLimit: number): T[][] {
  const size = Math.max(1, serverLimit > 0 ? Math.min(preferred, serverLimit) : preferred);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
