import { type SimulatedAgent, startSimulatedAgent } from './simulated-agent.ts';

export interface FleetOptions {
  mqttUrl: string;
  sites: number;
  agentsPerSite: number;
  assetsPerAgent: number;
  assetsPerMessage: number;
  driftRate: number;
  seed: number;
}

export interface Fleet {
  readonly agents: readonly SimulatedAgent[];
  /** One poll cycle of every agent, all at once; resolves when the broker has acknowledged all. */
  cycle(): Promise<{ messages: number; drift: number }>;
  close(): Promise<void>;
}

/** Connects the whole fleet, `connectConcurrency` agents at a time so a broker is not stormed. */
export async function startFleet(
  options: FleetOptions,
  onConnected: (count: number) => void = () => {},
): Promise<Fleet> {
  const random = mulberry32(options.seed);
  const specs = Array.from({ length: options.sites }, (_, s) =>
    Array.from({ length: options.agentsPerSite }, (_, a) => ({
      siteId: `site-${String(s + 1).padStart(3, '0')}`,
      agentId: `gw-${String(s + 1).padStart(3, '0')}-${String(a + 1).padStart(2, '0')}`,
    })),
  ).flat();
  const agents: SimulatedAgent[] = [];
  const connectConcurrency = 50;
  for (let i = 0; i < specs.length; i += connectConcurrency) {
    const batch = await Promise.all(
      specs.slice(i, i + connectConcurrency).map((spec) =>
        startSimulatedAgent({
          ...spec,
          mqttUrl: options.mqttUrl,
          assetCount: options.assetsPerAgent,
          assetsPerMessage: options.assetsPerMessage,
          driftRate: options.driftRate,
          random,
        }),
      ),
    );
    agents.push(...batch);
    onConnected(agents.length);
  }
  return {
    agents,
    async cycle() {
      const results = await Promise.all(agents.map((agent) => agent.cycle()));
      return results.reduce(
        (sum, r) => ({ messages: sum.messages + r.messages, drift: sum.drift + r.drift }),
        { messages: 0, drift: 0 },
      );
    },
    close: async () => {
      await Promise.all(agents.map((agent) => agent.close()));
    },
  };
}

/** Small seeded generator: the same seed gives the same fleet and the same drift. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
