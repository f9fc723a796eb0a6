import { canonicalJson, sha256Hex } from '@plantwatch/shared';
import type { OpcuaBrowseConfig } from './config.ts';
import { isBad } from './decode.ts';
import { namespaceIndexOf, namespaceUriForm, resolveNodeId } from './node-ids.ts';
import type { OpcuaBrowseResult, OpcuaReader, OpcuaReference } from './read-only-client.ts';
import type { ServerLimits } from './server-info.ts';

export interface StructureResult {
  /** SHA-256 over the canonical list of references seen (see `browseStructure`). */
  fingerprint: string;
  /** Distinct nodes recorded, roots included. */
  nodeCount: number;
  /** True when `maxNodes` stopped the browse before the depth limit did. */
  truncated: boolean;
}

/** A node that keeps getting BadNoContinuationPoints is given up after this many tries. */
const MAX_TRIES = 3;

/**
 * Breadth-first browse of forward hierarchical references from the roots, bounded by depth and
 * node count, into a fingerprint of the address space's shape: a new program version that adds,
 * removes, renames or retypes a node changes it. Each entry is (parent, reference type, node id,
 * browse name, node class), node ids with namespace URIs instead of indexes; entries are sorted, so
 * the order a server lists references in does not matter. Nodes are browsed in a fixed order
 * (children by node id under each parent), so a truncated browse covers the same nodes every time.
 *
 * Continuation points: every Browse reply that has one is followed with BrowseNext before the
 * next Browse, so the session never holds more than one batch's worth; batches are no larger than
 * the server's MaxBrowseContinuationPoints. A node answered BadNoContinuationPoints anyway (other
 * sessions may hold the server's points) is browsed again in a later batch.
 */
export async function browseStructure(
  reader: OpcuaReader,
  config: OpcuaBrowseConfig,
  namespaces: readonly string[],
  limits: ServerLimits,
): Promise<StructureResult> {
  const roots = [...new Set(config.roots.map((root) => resolveNodeId(root, namespaces)))];
  const visited = new Set(roots);
  const entries: (string | null)[][] = [];
  const tries = new Map<string, number>();
  // full: maxNodes reached, the browse stops; truncated: something was left out for any reason.
  let full = false;
  let truncated = false;
  let level = roots;
  const serverLimits = [limits.maxNodesPerBrowse, limits.maxBrowseContinuationPoints].filter(
    (limit) => limit > 0,
  );
  const batchSize = Math.max(1, Math.min(config.nodesPerRequest, ...serverLimits));

  for (let depth = 0; depth < config.maxDepth && level.length > 0 && !full; depth += 1) {
    const next: string[] = [];
    const queue = [...level];
    while (queue.length > 0 && !full) {
      const batch = queue.splice(0, batchSize);
      const results = await reader.browse(
        batch.map((nodeId) => ({ nodeId })),
        { maxReferencesPerNode: config.maxReferencesPerNode, depth },
      );
      const { references, capped } = await followContinuationPoints(reader, results, config.maxNodes);
      if (capped) truncated = true;
      for (const [index, nodeId] of batch.entries()) {
        const result = results[index] as OpcuaBrowseResult;
        if (result.status === 'BadNoContinuationPoints') {
          const tried = (tries.get(nodeId) ?? 0) + 1;
          tries.set(nodeId, tried);
          if (tried < MAX_TRIES) queue.push(nodeId);
          else truncated = true;
          continue;
        }
        if (isBad(result.status)) {
          // A root or node that vanished is part of the shape too.
          entries.push([namespaceUriForm(nodeId, namespaces), result.status]);
          continue;
        }
        const children = (references[index] ?? [])
          .filter((reference) => config.includeNamespaceZero || namespaceIndexOf(reference.nodeId) !== 0)
          .sort((a, b) => compare(a.nodeId, b.nodeId) || compare(a.referenceTypeId, b.referenceTypeId));
        for (const child of children) {
          if (!visited.has(child.nodeId)) {
            if (visited.size >= config.maxNodes) {
              full = true;
              truncated = true;
              break;
            }
            visited.add(child.nodeId);
            next.push(child.nodeId);
          }
          entries.push(entryOf(nodeId, child, namespaces));
        }
        if (full) break;
      }
    }
    level = next;
  }
  const sorted = entries.map((entry) => canonicalJson(entry)).sort();
  return { fingerprint: sha256Hex(`[${sorted.join(',')}]`), nodeCount: visited.size, truncated };
}

/**
 * Completes each result's references with BrowseNext until no continuation point is left. A node
 * with more references than can ever be recorded has its point released instead (`capped`), so a
 * folder with a million children cannot fill the agent's memory.
 */
async function followContinuationPoints(
  reader: OpcuaReader,
  results: readonly OpcuaBrowseResult[],
  cap: number,
): Promise<{ references: OpcuaReference[][]; capped: boolean }> {
  const references = results.map((result) => [...result.references]);
  let capped = false;
  let pending = results.flatMap((result, index) =>
    result.continuationPoint ? [{ index, point: result.continuationPoint }] : [],
  );
  while (pending.length > 0) {
    const full = pending.filter((p) => (references[p.index]?.length ?? 0) >= cap);
    if (full.length > 0) {
      capped = true;
      await reader.browseNext(
        full.map((p) => p.point),
        true,
      );
      pending = pending.filter((p) => !full.includes(p));
      if (pending.length === 0) break;
    }
    const answers = await reader.browseNext(
      pending.map((p) => p.point),
      false,
    );
    const still: typeof pending = [];
    answers.forEach((answer, at) => {
      const { index } = pending[at] as (typeof pending)[number];
      if (isBad(answer.status)) return; // the point expired: what was received stands
      references[index]?.push(...answer.references);
      if (answer.continuationPoint) still.push({ index, point: answer.continuationPoint });
    });
    pending = still;
  }
  return { references, capped };
}

function entryOf(parent: string, child: OpcuaReference, namespaces: readonly string[]): string[] {
  return [
    namespaceUriForm(parent, namespaces),
    namespaceUriForm(child.referenceTypeId, namespaces),
    namespaceUriForm(child.nodeId, namespaces),
    child.browseName.replace(/^(\d+):/, (_, index: string) => `${namespaces[Number(index)] ?? index}:`),
    child.nodeClass,
  ];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
