import { buildTranscript } from '@plantwatch/protocol';
import { defaultPort, liveValues, transcriptOf } from './asset-model.ts';
import { iso } from './fast-format.ts';
import {
  type FleetLayout,
  POLL_MS,
  type ScaleOptions,
  type SimAgent,
  type SimAsset,
} from './fleet-layout.ts';
import { RECEIVE_MS } from './sim-context.ts';
import type { BulkWriter } from './table-writer.ts';

/**
 * The tables that hold current state, written once the period has run: sites, agents, assets
 * (their last poll), baselines and the review queue.
 */
export function writeFinalRows(
  writer: BulkWriter,
  layout: FleetLayout,
  options: ScaleOptions,
  random: () => number,
): void {
  const sites = writer.table('sites', ['site_id', 'first_seen_at', 'last_seen_at']);
  const agents = writer.table('agents', AGENT_COLUMNS);
  const lastSeen = new Map<SimAgent, number>();
  for (const site of layout.sites) {
    let siteLastSeenMs = 0;
    for (const agent of site.agents) {
      const lastSeenMs = agent.offlineSinceMs ?? options.endMs - Math.floor(random() * 30_000);
      lastSeen.set(agent, lastSeenMs);
      siteLastSeenMs = Math.max(siteLastSeenMs, lastSeenMs);
      const startedMs = Math.max(agent.firstSeenMs, lastSeenMs - Math.floor(random() * 20 * 86_400_000));
      agents.add([
        agent.agentId,
        site.siteId,
        agent.offlineSinceMs === null ? 'online' : 'offline',
        site.index % 5 === 0 ? '1.3.2' : '1.4.0',
        iso(startedMs),
        agent.assetCount,
        iso(agent.firstSeenMs),
        iso(lastSeenMs),
        Math.max(agent.lastSeq, Math.floor((lastSeenMs - agent.firstSeenMs) / 1000) * 10),
        // The status columns of migration 0008: a heartbeat at last contact, a small clock error,
        // and an outbox that is empty except for agents that are offline.
        iso(lastSeenMs),
        Math.round((random() - 0.5) * 4_000),
        agent.offlineSinceMs === null ? 0 : Math.floor(random() * 500),
        agent.offlineSinceMs === null ? 0 : Math.floor(random() * 2_000_000),
        agent.offlineSinceMs === null ? null : options.endMs - agent.offlineSinceMs,
        0,
      ]);
    }
    sites.add([site.siteId, iso(site.agents[0]?.firstSeenMs ?? site.onboardMs), iso(siteLastSeenMs)]);
  }
  writer.flush();

  const assets = writer.table('assets', ASSET_COLUMNS);
  const baselines = writer.table('baselines', [
    'site_id',
    'asset_id',
    'fingerprint',
    'source',
    'drift_record_id',
    'established_at',
    'established_by',
  ]);
  const reviewItems = writer.table('review_items', REVIEW_COLUMNS);
  for (const asset of layout.assets) {
    assets.add(assetRow(asset, lastSeen.get(asset.agent) ?? options.endMs, random));
    const { baseline, site } = asset;
    if (baseline) {
      baselines.add([
        site.siteId,
        asset.assetId,
        baseline.fingerprint,
        baseline.source,
        baseline.recordId,
        iso(baseline.atMs),
        baseline.by,
      ]);
    }
    const decided = asset.review.status !== 'pending';
    reviewItems.add([
      asset.reviewId,
      site.siteId,
      'polled',
      `asset:${asset.assetId}`,
      asset.assetId,
      asset.agent.agentId,
      asset.review.status,
      iso(asset.firstSeenMs),
      // Ingest only inserts a polled asset's entry (later snapshots leave it alone).
      iso(asset.firstSeenMs),
      decided ? iso(asset.review.atMs) : null,
      decided ? asset.review.by : null,
      asset.review.note,
    ]);
  }
  writer.flush();
}

const AGENT_COLUMNS = [
  'agent_id',
  'site_id',
  'state',
  'agent_version',
  'started_at',
  'target_count',
  'first_seen_at',
  'last_seen_at',
  'last_seq',
  'last_status_at',
  'clock_skew_ms',
  'outbox_depth',
  'outbox_bytes',
  'outbox_oldest_age_ms',
  'outbox_dropped',
];

const ASSET_COLUMNS = [
  'site_id',
  'asset_id',
  'agent_id',
  'protocol',
  'host',
  'port',
  'unit_id',
  'identity',
  'values',
  'fingerprint',
  'poll',
  'poll_ok',
  'last_poll_at',
  'last_ok_at',
  'last_seq',
  'consecutive_failures',
  'first_seen_at',
  'updated_at',
];

const REVIEW_COLUMNS = [
  'id',
  'site_id',
  'origin',
  'item_key',
  'asset_id',
  'agent_id',
  'status',
  'first_seen_at',
  'last_seen_at',
  'decided_at',
  'decided_by',
  'note',
];

/** The asset as its last poll left it: failing assets keep the last configuration they reported. */
function assetRow(asset: SimAsset, agentLastSeenMs: number, random: () => number) {
  const { model, version, agent } = asset;
  const failing = asset.failingSinceMs !== null && asset.failingError !== null;
  const lastPollMs = agentLastSeenMs - RECEIVE_MS - Math.floor(random() * POLL_MS);
  const { transcript, requestCount } = transcriptOf(model);
  const poll = failing
    ? {
        ok: false,
        startedAt: iso(lastPollMs),
        durationMs: 3_000,
        requestCount: 1,
        transcript: buildTranscript(transcript.requests.slice(0, 1)),
        error: asset.failingError,
      }
    : {
        ok: true,
        startedAt: iso(lastPollMs),
        durationMs: 15 + Math.floor(random() * 200),
        requestCount,
        transcript,
      };
  const failures = failing
    ? Math.max(1, Math.floor((lastPollMs - (asset.failingSinceMs as number)) / POLL_MS))
    : 0;
  return [
    asset.site.siteId,
    asset.assetId,
    agent.agentId,
    model.protocol,
    asset.host,
    defaultPort(model.protocol),
    asset.unitId,
    JSON.stringify(version.config.identity),
    JSON.stringify(liveValues(model, version.config, random)),
    version.fingerprint,
    JSON.stringify(poll),
    failing ? 0 : 1,
    iso(lastPollMs),
    // A failing asset's last success was the poll before it started failing.
    failing ? iso(Math.max(asset.firstSeenMs, (asset.failingSinceMs as number) - POLL_MS)) : iso(lastPollMs),
    Math.floor((lastPollMs - agent.firstSeenMs) / 1000) * 10,
    failures,
    iso(asset.firstSeenMs),
    iso(lastPollMs + RECEIVE_MS),
  ];
}
