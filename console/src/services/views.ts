import type { Identity, PointValue, PollOutcome, ProtocolName, ValueChange } from '@plantwatch/protocol';
import type { AgentState, DriftState } from '../states.ts';

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

export interface SiteSummary {
  siteId: string;
  assetCount: number;
  agentsOnline: number;
  agentsTotal: number;
  openDrift: number;
  lastSeenAt: string;
}

export interface FleetTotals {
  sites: number;
  assets: number;
  agentsOnline: number;
  agentsTotal: number;
  openDrift: number;
}

export interface AgentView {
  agentId: string;
  siteId: string;
  state: AgentState;
  agentVersion: string | null;
  startedAt: string | null;
  lastSeenAt: string;
  lastSeq: number;
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
}

export interface AssetDetail extends AssetSummary {
  values: PointValue[];
  /** Newest first, at most 100. */
  versions: { fingerprint: string; observedAt: string }[];
  /** Newest first, at most 100. */
  drift: DriftEventView[];
}

export interface SiteDetail {
  siteId: string;
  lastSeenAt: string;
  agents: AgentView[];
  /** One page of the site's assets; `assetCount` is the total. */
  assets: AssetSummary[];
  assetCount: number;
  openDrift: number;
}
