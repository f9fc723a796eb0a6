/**
 * Node ids as text, in the form node-opcua prints them (`ns=0;i=2258`, `ns=3;s=Program.Speed`), so a
 * planned request and a sent one read the same. Config may also name a namespace by URI
 * (`nsu=urn:vendor:plc;s=Speed`): namespace indexes may change when a server restarts or gets a
 * new program, URIs do not.
 */
export const NODE_ID_PATTERN =
  /^(ns=\d{1,5};|nsu=[^;]{1,512};)?(i=\d{1,10}|s=.{1,512}|g=[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|b=[A-Za-z0-9+/]+={0,2})$/s;

/** Numeric ids from the OPC UA standard (namespace 0) that the collector reads or browses from. */
export const WELL_KNOWN = {
  objectsFolder: 85,
  serverStatusStartTime: 2257,
  serverStatusState: 2259,
  buildInfoProductName: 2261,
  buildInfoProductUri: 2262,
  buildInfoManufacturerName: 2263,
  buildInfoSoftwareVersion: 2264,
  buildInfoBuildNumber: 2265,
  buildInfoBuildDate: 2266,
  namespaceArray: 2255,
  maxBrowseContinuationPoints: 2735,
  maxNodesPerRead: 11705,
  maxNodesPerBrowse: 11710,
  maxNodesPerTranslateBrowsePaths: 11712,
  hierarchicalReferences: 33,
} as const;

export const DI_NAMESPACE_URI = 'http://opcfoundation.org/UA/DI/';
/** DeviceSet in the DI namespace (Opc.Ua.Di.NodeSet2.xml). */
export const DI_DEVICE_SET_ID = 5001;

export const standardNodeId = (id: number): string => `ns=0;i=${id}`;

/** `i=85` -> `ns=0;i=85`; ids with a namespace are left as they are. */
export function normalizeNodeId(nodeId: string): string {
  return nodeId.startsWith('ns=') || nodeId.startsWith('nsu=') ? nodeId : `ns=0;${nodeId}`;
}

/** Replaces `nsu=<uri>;` with `ns=<index>;` using the server's namespace array. */
export function resolveNodeId(nodeId: string, namespaces: readonly string[]): string {
  const normalized = normalizeNodeId(nodeId);
  if (!normalized.startsWith('nsu=')) return normalized;
  const separator = normalized.indexOf(';');
  const uri = normalized.slice(4, separator);
  const index = namespaces.indexOf(uri);
  if (index < 0) throw new RangeError(`namespace ${uri} is not in the server's namespace array`);
  return `ns=${index};${normalized.slice(separator + 1)}`;
}

/**
 * `ns=3;s=X` -> `nsu=<uri of 3>;s=X`, the form that survives a reordering of the namespace array
 * (namespace 0 stays `ns=0;`). Used in the structure fingerprint.
 */
export function namespaceUriForm(nodeId: string, namespaces: readonly string[]): string {
  const match = /^ns=(\d+);/.exec(nodeId);
  if (!match || match[1] === '0') return nodeId;
  const uri = namespaces[Number(match[1])];
  return uri === undefined ? nodeId : `nsu=${uri};${nodeId.slice(match[0].length)}`;
}

export function namespaceIndexOf(nodeId: string): number {
  const match = /^ns=(\d+);/.exec(nodeId);
  return match ? Number(match[1]) : 0;
}
