import type { Identity, PointValue, PollOutcome, ProtocolName, ValueChange } from '@plantwatch/protocol';
import type { AgentState, DriftState } from '../states.ts';
import type { DriftRecordView } from './governance/drift-record-views.ts';

/**
 * The shapes the services return and the JSON API sends as they are. Times are ISO 8601 UTC
 * strings; absent values are null (JSON has no undefined).
 */

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  /** How many items match the filter, regardless of limit and offset. */
  total: number;
}

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** A page of a list sorted by one of its whitelisted keys (ties broken by the list's natural key). */
export interface SortedPageRequest<K extends string> extends PageRequest {
  sort: K;
  dir: SortDirection;
}

/** The fleet overview's columns, each sortable. */
export const SITE_SORTS = [
  'site',
  'assets',
  'agentsOnline',
  'agentsOffline',
  'openDrift',
  'unauthorized',
  'unowned',
  'newestPoll',
  'coverage',
  'outbox',
  'clockSkew',
  'lastSeen',
] as const;
export type SiteSort = (typeof SITE_SORTS)[number];

/** Counts that describe a site, or the whole fleet within a scope. */
export interface FleetCounts {
  assetCount: number;
  agentsOnline: number;
  agentsOffline: number;
  agentsTotal: number;
  /** Drift records waiting for a decision (open or planned). */
  openDrift: number;
  /** Drift records decided unauthorized, resolved or not; and those not resolved yet. */
  unauthorized: number;
  unresolvedUnauthorized: number;
  /** Assets without an owner: governance gaps. */
  unownedAssets: number;
  /** The newest successful poll of any asset; null when none has succeeded. */
  newestPollAt: string | null;
  newestPollAgeMs: number | null;
  /**
   * Targets whose last poll succeeded within the coverage window, and targets the agents poll
   * (from their last status, or the assets they reported when they have sent none).
   */
  coveredTargets: number;
  configuredTargets: number;
  /** Messages waiting in the agents' outboxes, by their last status; null when none reported one. */
  outboxDepth: number | null;
  /** The largest clock difference of an agent from the console, either way; null: none known. */
  maxClockSkewMs: number | null;
}

export interface SiteSummary extends FleetCounts {
  siteId: string;
  lastSeenAt: string;
}

export interface FleetTotals extends FleetCounts {
  sites: number;
  /** How recent a successful poll must be to count a target as covered. */
  coverageWindowMs: number;
}

/** Drift records opened, and decided (by outcome), in one week starting on a Monday (UTC). */
export interface DriftTrendWeek {
  weekStart: string;
  opened: number;
  approved: number;
  unauthorized: number;
}

/** The agents page's sortable columns. */
export const AGENT_SORTS = [
  'site',
  'agent',
  'version',
  'state',
  'lastSeen',
  'pollErrors',
  'targets',
  'outbox',
  'clockSkew',
] as const;
export type AgentSort = (typeof AGENT_SORTS)[number];

export interface AgentView {
  agentId: string;
  siteId: string;
  state: AgentState;
  agentVersion: string | null;
  startedAt: string | null;
  lastSeenAt: string;
  lastSeq: number;
  /** Targets in the agent's configuration (from its last status), and assets it has reported. */
  targetCount: number | null;
  assetCount: number;
  /** Its assets whose last poll failed. */
  failingTargets: number;
  /** Its assets whose last poll succeeded within the coverage window. */
  coveredTargets: number;
  /** The newest successful poll of any of its assets; null when none has succeeded. */
  newestPollAt: string | null;
  newestPollAgeMs: number | null;
  /** When its last current status arrived: the figures below are from then. Null: none yet. */
  lastStatusAt: string | null;
  /** Its clock minus the console's (positive: ahead), transit time included. */
  clockSkewMs: number | null;
  /** Its store-and-forward queue: messages and bytes waiting, age of the oldest, dropped when full. */
  outboxDepth: number | null;
  outboxBytes: number | null;
  outboxOldestAgeMs: number | null;
  outboxDropped: number | null;
}

/** The health of a site's agents, for the per-site rollup. */
export interface AgentSiteHealth {
  siteId: string;
  agentsTotal: number;
  online: number;
  offline: number;
  unknown: number;
  /** Distinct agent versions at the site: more than one means an upgrade is under way or stuck. */
  versions: number;
  failingTargets: number;
  /** As on the fleet overview: targets polled successfully within the window, targets configured. */
  coveredTargets: number;
  configuredTargets: number;
  newestPollAt: string | null;
  newestPollAgeMs: number | null;
  /** Messages waiting in the site's agents' outboxes, and the oldest of them. Null: none reported. */
  outboxDepth: number | null;
  outboxOldestAgeMs: number | null;
  /** The largest clock difference of one of its agents, either way. */
  maxClockSkewMs: number | null;
  /** The agent heard from longest ago. */
  oldestLastSeenAt: string | null;
}

/** How many agents run each version. */
export interface AgentVersionCount {
  agentVersion: string | null;
  agents: number;
}

export interface AssetSummary {
  siteId: string;
  assetId: string;
  agentId: string;
  protocol: ProtocolName;
  host: string;
  port: number;
  unitId: number | null;
  identity: Identity;
  fingerprint: string | null;
  poll: PollOutcome;
  lastPollAt: string;
  /** Failed polls in a row (0 after a successful poll). */
  consecutiveFailures: number;
}

export interface DriftEventView {
  id: number;
  siteId: string;
  agentId: string;
  assetId: string;
  seq: number;
  detectedAt: string;
  receivedAt: string;
  previousFingerprint: string;
  currentFingerprint: string;
  state: DriftState;
  changes: ValueChange[];
  /** The console drift record covering the same change, once known. */
  driftRecordId: number | null;
}

export interface BaselineView {
  fingerprint: string;
  /** `initial`: the first successful snapshot; `approval`: an approved drift record. */
  source: 'initial' | 'approval';
  driftRecordId: number | null;
  establishedAt: string;
  establishedBy: string;
}

export interface AssetDetail extends AssetSummary {
  values: PointValue[];
  /** Who answers for the asset and what it is for; null is a governance gap. */
  owner: { owner: string; purpose: string; updatedAt: string; updatedBy: string } | null;
  /** Its entry in the new-asset review queue. */
  review: { id: number; status: 'pending' | 'accepted' | 'ignored' } | null;
  /** The approved configuration; null until a poll has succeeded. */
  baseline: BaselineView | null;
  /** Newest first, at most 100. */
  versions: { fingerprint: string; observedAt: string }[];
  /** The console's drift records for this asset, newest first, at most 100. */
  drift: DriftRecordView[];
  /** The agent's own change events, newest first, at most 100. */
  agentEvents: DriftEventView[];
}

export interface SiteDetail extends SiteSummary {
  agents: AgentView[];
  /** One page of the site's assets; `assetCount` is the total. */
  assets: AssetSummary[];
  /** How many assets of each class, protocol and vendor, most first. */
  assetMix: AssetMixRow[];
  /** The newest configuration changes at the site. */
  recentChanges: RecentChange[];
}

export interface AssetMixRow {
  assetClass: AssetClass;
  protocol: ProtocolName;
  vendor: string | null;
  assets: number;
}

/** A configuration an asset was seen in, with the one it replaced (null: first seen). */
export interface RecentChange {
  assetId: string;
  fingerprint: string;
  previousFingerprint: string | null;
  observedAt: string;
}

/**
 * What kind of device an asset is, derived from how it is polled: SNMP devices are network gear
 * (switches), Modbus and OPC UA devices are controllers. Devices do not report a class themselves.
 */
export const ASSET_CLASSES = ['controller', 'network'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

export const INVENTORY_SORTS = [
  'site',
  'asset',
  'vendor',
  'model',
  'firmware',
  'protocol',
  'class',
  'owner',
  'host',
  'lastPoll',
] as const;
export type InventorySort = (typeof INVENTORY_SORTS)[number];

/**
 * Inventory search. Text filters match anywhere in the field, ignoring case. From 3 characters on
 * they use the search index; shorter ones read every asset of the scope.
 */
export interface InventoryFilter {
  siteId?: string | undefined;
  /** Matches the asset id, host, vendor, model, serial or firmware. */
  q?: string | undefined;
  vendor?: string | undefined;
  model?: string | undefined;
  firmware?: string | undefined;
  protocol?: ProtocolName | undefined;
  class?: AssetClass | undefined;
  owner?: string | undefined;
  /** true: only assets with an owner; false: only governance gaps. */
  owned?: boolean | undefined;
}

/** One asset as the inventory lists and exports it: identity flattened, owner and baseline joined. */
export interface InventoryRow {
  siteId: string;
  assetId: string;
  agentId: string;
  protocol: ProtocolName;
  assetClass: AssetClass;
  host: string;
  port: number;
  unitId: number | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  firmware: string | null;
  fingerprint: string | null;
  baselineFingerprint: string | null;
  lastPollAt: string;
  /** When a poll last succeeded; null: never. */
  lastOkAt: string | null;
  pollOk: boolean;
  owner: string | null;
  purpose: string | null;
  reviewStatus: string | null;
}

/** Two configurations of an asset and the field-level changes between them. */
export interface VersionDiff {
  from: { fingerprint: string; observedAt: string };
  to: { fingerprint: string; observedAt: string };
  changes: ValueChange[];
}
