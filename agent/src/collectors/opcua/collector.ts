import type { Identity, PointValue } from '@plantwatch/protocol';
import type { Collector, Reading } from '../types.ts';
import { endpointUrlOf, type OpcuaTargetConfig, securityPolicyOf } from './config.ts';
import { checkValueCount, readConfiguredNodes } from './configured-nodes.ts';
import { channelName, describeOpcuaRequest as line } from './describe.ts';
import { deviceSetReading, readDeviceSet } from './device-set.ts';
import { resolveIdentity } from './identity.ts';
import { DI_DEVICE_SET_ID, DI_NAMESPACE_URI, normalizeNodeId } from './node-ids.ts';
import { connectOpcuaReader } from './read-only-client.ts';
import { readServerInfo, SERVER_INFO_NODE_IDS } from './server-info.ts';
import { browseStructure } from './structure.ts';

export const opcuaCollector: Collector<OpcuaTargetConfig> = {
  plan(target) {
    const endpointUrl = endpointUrlOf(target);
    const channel = `over ${channelName(target.securityMode, securityPolicyOf(target))}`;
    const identity =
      target.identity.type === 'username'
        ? `username ${target.identity.username}`
        : target.identity.type === 'certificate'
          ? `certificate ${target.identity.certificateFile}`
          : 'anonymous';
    const planned = [
      ...(target.securityMode === 'none'
        ? []
        : [line({ service: 'GetEndpoints', endpointUrl, channel: 'for discovery over None' })]),
      line({ service: 'GetEndpoints', endpointUrl, channel }),
      line({ service: 'CreateSession' }),
      line({ service: 'ActivateSession', identity }),
      line({ service: 'Read', nodeIds: SERVER_INFO_NODE_IDS }),
    ];
    // What follows depends on what the server has: the DeviceSet's devices, the tree below the roots.
    if (target.readDeviceSet) {
      planned.push(
        `${line({ service: 'Browse', nodeIds: [`nsu=${DI_NAMESPACE_URI};i=${DI_DEVICE_SET_ID}`] })} (if the server has the DI namespace)`,
        'opcua TranslateBrowsePath, Read: the DI properties of each device found',
      );
    }
    for (let start = 0; start < target.nodes.length; start += 100) {
      const nodeIds = target.nodes.slice(start, start + 100).map((node) => normalizeNodeId(node.nodeId));
      planned.push(line({ service: 'Read', nodeIds }));
    }
    if (target.browse.enabled) {
      planned.push(
        line({ service: 'Browse', nodeIds: target.browse.roots.map(normalizeNodeId), depth: 0 }),
        `opcua Browse, BrowseNext: the levels below, to depth ${target.browse.maxDepth - 1}, at most ${target.browse.maxNodes} nodes`,
      );
    }
    planned.push(line({ service: 'CloseSession' }));
    return planned;
  },

  async collect(target, { logger, gate }) {
    const reader = await connectOpcuaReader({
      endpointUrl: endpointUrlOf(target),
      securityMode: target.securityMode,
      securityPolicy: securityPolicyOf(target),
      identity: await resolveIdentity(target),
      pkiDir: target.pkiDir,
      timeoutMs: target.timeoutMs,
      gate,
      logger,
    });
    try {
      const server = await readServerInfo(reader);
      let identity: Identity = server.identity;
      const values: PointValue[] = [...server.values];
      if (target.readDeviceSet) {
        const devices = deviceSetReading(await readDeviceSet(reader, server.namespaces, server.limits));
        identity = { ...identity, ...devices.identity };
        values.push(...devices.values);
      }
      if (target.nodes.length > 0) {
        const nodes = await readConfiguredNodes(reader, target.nodes, server.namespaces, server.limits);
        identity = { ...identity, ...nodes.identity };
        values.push(...nodes.values);
      }
      if (target.browse.enabled) {
        const structure = await browseStructure(reader, target.browse, server.namespaces, server.limits);
        values.push(
          { path: 'structure.fingerprint', class: 'config', value: structure.fingerprint },
          { path: 'structure.nodeCount', class: 'config', value: structure.nodeCount },
          { path: 'structure.truncated', class: 'config', value: structure.truncated },
        );
      }
      checkValueCount(values);
      return { identity, values } satisfies Reading;
    } finally {
      await reader.close();
    }
  },
};
