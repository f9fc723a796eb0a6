import { type AgentMessage, agentTopic, PROTOCOL_VERSION } from '@plantwatch/protocol';
import { connectAsync, type MqttClient } from 'mqtt';
import { createSimulatedAsset, type SimulatedAsset } from './simulated-asset.ts';

export interface SimulatedAgentOptions {
  mqttUrl: string;
  siteId: string;
  agentId: string;
  assetCount: number;
  /** Assets per inventory message (a real agent sends one per poll of a target). */
  assetsPerMessage: number;
  /** Chance per asset and cycle that a setpoint changes. */
  driftRate: number;
  random: () => number;
}

/**
 * One agent of the fleet: connects like a real agent (retained status, will message), then on each
 * `cycle()` publishes inventory for all of its assets, and drift for the ones that changed. Every
 * message passes the console's validation: fingerprints are real, sequence numbers increase.
 */
export interface SimulatedAgent {
  cycle(): Promise<{ messages: number; drift: number }>;
  close(): Promise<void>;
}

export async function startSimulatedAgent(options: SimulatedAgentOptions): Promise<SimulatedAgent> {
  const { siteId, agentId } = options;
  // Time-based start, so a rerun against the same console is not ingested as duplicates.
  let seq = Date.now() * 1_000;
  const envelope = () => ({
    v: PROTOCOL_VERSION,
    siteId,
    agentId,
    seq: ++seq,
    sentAt: new Date().toISOString(),
  });
  const status = (state: 'online' | 'offline') =>
    JSON.stringify({
      ...envelope(),
      type: 'status',
      state,
      agentVersion: 'fleet-sim',
      startedAt: new Date().toISOString(),
      targetCount: options.assetCount,
    });
  const assets: SimulatedAsset[] = Array.from({ length: options.assetCount }, (_, i) =>
    createSimulatedAsset(`${agentId}-plc-${String(i).padStart(4, '0')}`, i, options.random),
  );
  const statusTopic = agentTopic(siteId, agentId, 'status');
  const client: MqttClient = await connectAsync(options.mqttUrl, {
    clientId: `fleet-sim-${siteId}-${agentId}`,
    reconnectPeriod: 1_000,
    will: { topic: statusTopic, payload: Buffer.from(status('offline')), qos: 1, retain: true },
  });
  await client.publishAsync(statusTopic, status('online'), { qos: 1, retain: true });

  const publish = (message: AgentMessage) =>
    client.publishAsync(agentTopic(siteId, agentId, message.type), JSON.stringify(message), { qos: 1 });
  return {
    async cycle() {
      const now = new Date();
      // Changes first, so that this cycle's inventory already shows them, as a real agent's does.
      const drifts: AgentMessage[] = [];
      assets.forEach((asset, index) => {
        if (options.random() >= options.driftRate) return;
        const assetId = `${agentId}-plc-${String(index).padStart(4, '0')}`;
        drifts.push({
          ...envelope(),
          type: 'drift',
          assetId,
          detectedAt: now.toISOString(),
          ...asset.drift(),
        });
      });
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < assets.length; i += options.assetsPerMessage) {
        const batch = assets.slice(i, i + options.assetsPerMessage).map((asset) => asset.snapshot(now));
        sends.push(publish({ ...envelope(), type: 'inventory', assets: batch }));
      }
      for (const drift of drifts) sends.push(publish(drift));
      await Promise.all(sends);
      return { messages: sends.length, drift: drifts.length };
    },
    async close() {
      await client.publishAsync(statusTopic, status('offline'), { qos: 1, retain: true });
      await client.endAsync();
    },
  };
}
