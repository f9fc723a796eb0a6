import type { plcProfile } from '@plantwatch/simulators';

type PlcKind = Parameters<typeof plcProfile>[0];

export interface DemoSite {
  siteId: string;
  agentId: string;
  plcs: { assetId: string; kind: PlcKind; seed: number }[];
}

/** The simulated plant of the demo: two sites, several PLCs each, one gateway agent per site. */
export const DEMO_SITES: DemoSite[] = [
  {
    siteId: 'plant-north',
    agentId: 'gw-north-01',
    plcs: [
      { assetId: 'press-01', kind: 'press', seed: 101 },
      { assetId: 'press-02', kind: 'press', seed: 102 },
      { assetId: 'mixer-01', kind: 'mixer', seed: 103 },
      { assetId: 'conveyor-01', kind: 'conveyor', seed: 104 },
    ],
  },
  {
    siteId: 'plant-south',
    agentId: 'gw-south-01',
    plcs: [
      { assetId: 'boiler-01', kind: 'boiler', seed: 201 },
      { assetId: 'mixer-01', kind: 'mixer', seed: 202 },
      { assetId: 'conveyor-01', kind: 'conveyor', seed: 203 },
    ],
  },
];

/** The change the demo makes behind everyone's back: a press setpoint on plant-north. */
export const UNAUTHORIZED_CHANGE = { siteId: 'plant-north', assetId: 'press-01', register: 102, delta: 150 };
