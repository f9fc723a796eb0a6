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

export interface SiteDetail {
  siteId: string;
  lastSeenAt: string;
  agents: AgentView[];
  /** One page of the site's assets; `assetCount` is the total. */
  assets: AssetSummary[];
  assetCount: number;
  openDrift: number;
}
