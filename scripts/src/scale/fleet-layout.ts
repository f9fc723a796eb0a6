import { type AssetConfig, initialConfig, pickModel, type Version, versionOf } from './asset-model.ts';
import { AREAS, type DeviceModel, PEOPLE, TEAMS } from './catalogue.ts';
import type { SimRecord } from './drift-record-model.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** How often the generated agents poll; also the spacing of failed polls in an outage. */
export const POLL_MS = 60_000;
/** Share of assets that show up on a running plant (asset_appeared drift) instead of at onboarding. */
const LATE_ASSET_SHARE = 0.03;

export interface ScaleOptions {
  sites: number;
  assets: number;
  agentsPerSite: number;
  /** Days of history before `endMs`. */
  days: number;
  seed: number;
  /** The generated "now": the last poll of every online agent is just before it. */
  endMs: number;
}

export interface SimWindow {
  id: number;
  site: SimSite;
  startsMs: number;
  endsMs: number;
  ticket: string;
  owner: string;
  description: string;
  createdMs: number;
  createdBy: string;
  cancelledMs: number | null;
  cancelledBy: string | null;
}

export interface SimSite {
  index: number;
  siteId: string;
  onboardMs: number;
  agents: SimAgent[];
  windows: SimWindow[];
  /** The people who decide drift here. */
  approvers: string[];
}

export interface SimAgent {
  site: SimSite;
  agentId: string;
  firstSeenMs: number;
  lastSeq: number;
  assetCount: number;
  offlineSinceMs: number | null;
  latestOffline: SimRecord | undefined;
}

export interface Baseline {
  fingerprint: string;
  config: AssetConfig;
  source: 'initial' | 'approval';
  recordId: number | null;
  atMs: number;
  by: string;
}

export interface SimAsset {
  site: SimSite;
  agent: SimAgent;
  /** Position within its site. */
  index: number;
  assetId: string;
  area: string;
  model: DeviceModel;
  serial: string;
  host: string;
  unitId: number | null;
  firstSeenMs: number;
  /** Changes per year: most devices are stable, a few are retuned every month. */
  churn: number;
  version: Version;
  /** Set once the asset has appeared. */
  baseline: Baseline | undefined;
  latestConfig: SimRecord | undefined;
  latestUnreachable: SimRecord | undefined;
  failingSinceMs: number | null;
  failingError: { code: string; message: string } | null;
  reviewId: number;
  review: { status: 'pending' | 'accepted' | 'ignored'; atMs: number; by: string; note: string | null };
}

export interface FleetLayout {
  sites: SimSite[];
  assets: SimAsset[];
  /** Every change window, by id. */
  windows: SimWindow[];
  startMs: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Sites, agents, assets and planned change windows, before anything happens to them. */
export function layOutFleet(options: ScaleOptions, random: () => number): FleetLayout {
  const startMs = options.endMs - options.days * DAY_MS;
  // Sites are onboarded over the first days of the period (or its first tenth, if shorter).
  const rolloutMs = Math.min(3 * DAY_MS, (options.days * DAY_MS) / 10);
  const sites: SimSite[] = [];
  const assets: SimAsset[] = [];
  for (let s = 0; s < options.sites; s += 1) {
    const siteId = `site-${pad(s + 1, 3)}`;
    const onboardMs = startMs + Math.floor((s / options.sites) * rolloutMs);
    const site: SimSite = {
      index: s,
      siteId,
      onboardMs,
      agents: [],
      windows: [],
      approvers: [0, 1, 2].map((k) => PEOPLE[(s + k * 5) % PEOPLE.length] as string),
    };
    for (let a = 0; a < options.agentsPerSite; a += 1) {
      site.agents.push({
        site,
        agentId: `gw-${pad(s + 1, 3)}-${pad(a + 1, 2)}`,
        firstSeenMs: onboardMs + a * 10 * 60_000,
        lastSeq: 0,
        assetCount: 0,
        offlineSinceMs: null,
        latestOffline: undefined,
      });
    }
    const count = Math.floor(options.assets / options.sites) + (s < options.assets % options.sites ? 1 : 0);
    for (let i = 0; i < count; i += 1) assets.push(layOutAsset(site, i, options.endMs, random));
    sites.push(site);
  }
  const windows = layOutWindows(sites, options.endMs, random);
  return { sites, assets, windows, startMs };
}

function layOutAsset(site: SimSite, i: number, endMs: number, random: () => number): SimAsset {
  const agent = site.agents[i % site.agents.length] as SimAgent;
  agent.assetCount += 1;
  const model = pickModel(random);
  const areaIndex = Math.floor(i / 40);
  const area = AREAS[areaIndex % AREAS.length] as string;
  const assetId = `${area}${pad(Math.floor(areaIndex / AREAS.length) + 1, 2)}-${model.kind}-${pad(i + 1, 4)}`;
  const serial = `SN${pad(site.index + 1, 3)}${pad(i + 1, 5)}`;
  const late = random() < LATE_ASSET_SHARE;
  const earliestLateMs = agent.firstSeenMs + DAY_MS;
  const firstSeenMs =
    late && earliestLateMs < endMs - HOUR_MS
      ? earliestLateMs + Math.floor(random() * (endMs - HOUR_MS - earliestLateMs))
      : agent.firstSeenMs + Math.floor(random() * 5 * 60_000);
  const churnPick = random();
  const config: AssetConfig = initialConfig(model, serial, area, random);
  return {
    site,
    agent,
    index: i,
    assetId,
    area,
    model,
    serial,
    host: `10.${site.index % 250}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    unitId: model.protocol === 'modbus' ? 1 : null,
    firstSeenMs,
    churn: churnPick < 0.6 ? 0.2 : churnPick < 0.92 ? 1 : 6,
    version: versionOf(config),
    baseline: undefined,
    latestConfig: undefined,
    latestUnreachable: undefined,
    failingSinceMs: null,
    failingError: null,
    reviewId: 0,
    review: { status: 'pending', atMs: 0, by: '', note: null },
  };
}

/**
 * A monthly maintenance window per site (a night, six hours, every asset of the site), planned a
 * week ahead; one in twenty is cancelled the day before. Ids follow creation time.
 */
function layOutWindows(sites: SimSite[], endMs: number, random: () => number): SimWindow[] {
  const windows: SimWindow[] = [];
  for (const site of sites) {
    const owner = `${TEAMS[site.index % TEAMS.length]}`;
    let month = 0;
    for (;;) {
      const startsMs = site.onboardMs + 8 * DAY_MS + month * 30 * DAY_MS + (site.index % 28) * DAY_MS;
      if (startsMs > endMs + 14 * DAY_MS) break;
      month += 1;
      const createdMs = startsMs - 7 * DAY_MS;
      if (createdMs < site.onboardMs || createdMs > endMs) continue;
      const cancelled = random() < 0.05 && startsMs - DAY_MS < endMs;
      const by = site.approvers[month % site.approvers.length] as string;
      const window: SimWindow = {
        id: 0,
        site,
        startsMs: Math.floor(startsMs / HOUR_MS) * HOUR_MS,
        endsMs: Math.floor(startsMs / HOUR_MS) * HOUR_MS + 6 * HOUR_MS,
        ticket: `CHG-${pad(40_000 + windows.length, 6)}`,
        owner,
        description: `Monthly maintenance window, ${site.siteId}`,
        createdMs,
        createdBy: by,
        cancelledMs: cancelled ? startsMs - DAY_MS : null,
        cancelledBy: cancelled ? by : null,
      };
      windows.push(window);
      site.windows.push(window);
    }
  }
  windows.sort((a, b) => a.createdMs - b.createdMs || a.site.index - b.site.index);
  windows.forEach((window, index) => {
    window.id = index + 1;
  });
  return windows;
}

/** The (non-cancelled) window of the site covering a time, as the console's lookup finds it. */
export function windowAt(site: SimSite, atMs: number): SimWindow | undefined {
  let hit: SimWindow | undefined;
  for (const window of site.windows) {
    if (window.cancelledMs !== null || window.startsMs > atMs || window.endsMs < atMs) continue;
    if (!hit || window.startsMs > hit.startsMs) hit = window;
  }
  return hit;
}

/** The next non-cancelled window of the site starting after a time, if it starts before `endMs`. */
export function nextWindow(site: SimSite, afterMs: number, endMs: number): SimWindow | undefined {
  let next: SimWindow | undefined;
  for (const window of site.windows) {
    if (window.cancelledMs !== null || window.startsMs <= afterMs || window.startsMs >= endMs) continue;
    if (!next || window.startsMs < next.startsMs) next = window;
  }
  return next;
}

/** The agent's sequence number for a message sent at a time: about ten a second, always increasing. */
export function nextSeq(agent: SimAgent, atMs: number): number {
  agent.lastSeq = Math.max(agent.lastSeq + 1, Math.floor((atMs - agent.firstSeenMs) / 1000) * 10);
  return agent.lastSeq;
}
