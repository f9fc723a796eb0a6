import { type Identity, LIMITS, type PointValue, type ScalarValue } from '@plantwatch/protocol';
import { canonicalJson, PlantwatchError, sha256Hex } from '@plantwatch/shared';
import type { OpcuaNodeConfig } from './config.ts';
import { decodeArray, decodeScalar, isBad, type OpcuaDataValue } from './decode.ts';
import { resolveNodeId } from './node-ids.ts';
import type { OpcuaReader } from './read-only-client.ts';
import { batchesOf, type ServerLimits } from './server-info.ts';

/** Array elements listed one by one; a longer array adds its length and a digest of all elements. */
export const MAX_ARRAY_ELEMENTS = 100;
const NODES_PER_READ = 100;

/**
 * Statuses that are a stable answer about the node itself (it does not exist, or may not be read):
 * reported as a null value, so a configured node that disappears with a new program is drift.
 */
const ABSENT = new Set([
  'BadNodeIdUnknown',
  'BadNodeIdInvalid',
  'BadAttributeIdInvalid',
  'BadNotReadable',
  'BadUserAccessDenied',
]);

/**
 * Reads the configured nodes, like Modbus blocks: each becomes a value of its class, arrays become
 * `name[i]`. Any other Bad status (device not connected, waiting for data) fails the poll if the node
 * is tracked (identity or config), since reporting null would be a false drift; for a volatile node
 * it is a null value.
 */
export async function readConfiguredNodes(
  reader: OpcuaReader,
  nodes: readonly OpcuaNodeConfig[],
  namespaces: readonly string[],
  limits: ServerLimits,
): Promise<{ identity: Identity; values: PointValue[] }> {
  const resolved = nodes.map((node) => ({ node, nodeId: resolveConfigured(node, namespaces) }));
  const identity: Identity = {};
  const values: PointValue[] = [];
  for (const batch of batchesOf(resolved, NODES_PER_READ, limits.maxNodesPerRead)) {
    const results = await reader.read(batch.map((item) => item.nodeId));
    results.forEach((result, index) => {
      const { node, nodeId } = batch[index] as (typeof batch)[number];
      if (isBad(result.status) && !ABSENT.has(result.status) && node.class !== 'volatile') {
        throw new PlantwatchError('device_error', `node ${node.name} (${nodeId}) returned ${result.status}`, {
          details: { statusCode: result.status },
        });
      }
      const decoded = isBad(result.status) ? null : decodeValue(result);
      if (node.identityField) {
        const text = Array.isArray(decoded) ? decoded.join('.') : decoded;
        if (text !== null && text !== '') identity[node.identityField as keyof Identity] = String(text);
        return;
      }
      values.push(...pointsOf(node, decoded));
    });
  }
  return { identity, values };
}

function resolveConfigured(node: OpcuaNodeConfig, namespaces: readonly string[]): string {
  try {
    return resolveNodeId(node.nodeId, namespaces);
  } catch (error) {
    throw new PlantwatchError('device_error', `node ${node.name}: ${(error as Error).message}`);
  }
}

function decodeValue(result: OpcuaDataValue): ScalarValue | ScalarValue[] {
  return result.isArray
    ? decodeArray(result.dataType, result.value)
    : decodeScalar(result.dataType, result.value);
}

function pointsOf(node: OpcuaNodeConfig, decoded: ScalarValue | ScalarValue[]): PointValue[] {
  const point = (path: string, value: ScalarValue): PointValue => ({
    path,
    class: node.class,
    value,
    ...(node.unit ? { unit: node.unit } : {}),
  });
  if (!Array.isArray(decoded)) return [point(node.name, decoded)];
  const points = decoded
    .slice(0, MAX_ARRAY_ELEMENTS)
    .map((value, index) => point(`${node.name}[${index}]`, value));
  if (decoded.length > MAX_ARRAY_ELEMENTS) {
    // The tail is not listed, but any change in it still changes the digest.
    points.push(point(`${node.name}.length`, decoded.length));
    points.push(point(`${node.name}.sha256`, sha256Hex(canonicalJson(decoded))));
  }
  return points;
}

/** The protocol carries at most LIMITS.valuesPerAsset values: more is a config mistake, said plainly. */
export function checkValueCount(values: readonly PointValue[]): void {
  if (values.length > LIMITS.valuesPerAsset) {
    throw new PlantwatchError(
      'invalid_config',
      `this target yields ${values.length} values, more than the ${LIMITS.valuesPerAsset} a snapshot carries: configure fewer or shorter nodes`,
    );
  }
}
