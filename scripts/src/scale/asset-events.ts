import { diffStates, trackedState } from '@plantwatch/protocol';
import { type AssetConfig, type ChangeKind, changeConfig, defaultPort, versionOf } from './asset-model.ts';
import { OUTAGE_ERRORS, PEOPLE, PURPOSES, TEAMS } from './catalogue.ts';
import {
  appearedFindings,
  configFindings,
  extend,
  isUndecided,
  newRecord,
  unreachableFindings,
} from './drift-record-model.ts';
import { iso } from './fast-format.ts';
import { DAY_MS, HOUR_MS, nextSeq, nextWindow, POLL_MS, type SimAsset, windowAt } from './fleet-layout.ts';
import { RECEIVE_MS, type SimContext } from './sim-context.ts';

const YEAR_MS = 365 * DAY_MS;
/** Outages per asset and year; most are blips too short to reach the unreachable threshold. */
const OUTAGES_PER_YEAR = 0.5;
/** Share of changes made in a maintenance window (they open as `planned`). */
const PLANNED_SHARE = 0.3;
/** The console's default: three failed polls in a row open `unreachable` drift. */
const UNREACHABLE_AFTER_POLLS = 3;
const APPEARED_GRACE_MS = HOUR_MS;

/**
 * What happens to one asset over the period, event by event, written as the console's ingest and
 * governance would have written it: first snapshot (baseline, review queue), configuration
 * changes (versions, agent change events, drift records), outages, and its review.
 */
export function appear(ctx: SimContext, asset: SimAsset, t: number): void {
  const { version, site, agent } = asset;
  const observed = t - RECEIVE_MS;
  writeVersion(ctx, asset, version.fingerprint, version.json, t);
  asset.baseline = {
    fingerprint: version.fingerprint,
    config: version.config,
    source: 'initial',
    recordId: null,
    atMs: t,
    by: 'system',
  };
  ctx.tables.audit(t, {
    actor: 'system',
    action: 'baseline.initial',
    entityType: 'asset',
    entityId: `${site.siteId}/${asset.assetId}`,
    details: { fingerprint: version.fingerprint, reason: 'first successful snapshot' },
  });
  asset.reviewId = ctx.nextReviewId();
  const late = t - agent.firstSeenMs >= APPEARED_GRACE_MS;
  if (ctx.random() >= 0.04) ctx.schedule(t + ctx.exp((late ? 2 : 5) * DAY_MS), { type: 'review', asset });
  if (late) {
    const address = `${asset.model.protocol} ${asset.host}:${defaultPort(asset.model.protocol)}`;
    const record = newRecord(ctx.nextRecordId(), {
      siteId: site.siteId,
      agentId: agent.agentId,
      assetId: asset.assetId,
      kind: 'asset_appeared',
      findings: appearedFindings(address),
      observedMs: observed,
      atMs: t,
      changeWindowId: windowAt(site, observed)?.id ?? null,
    });
    ctx.live.add(record);
    ctx.planDecision(record, site, asset, t + ctx.exp(3 * DAY_MS), 0.1, 0.03);
  }
  scheduleChange(ctx, asset, t);
  scheduleOutage(ctx, asset, t);
  // A few devices are dead at the end of the period: unreachable for days, still undecided.
  if (ctx.random() < 0.003) {
    ctx.schedule(Math.max(t, ctx.options.endMs - ctx.exp(3 * DAY_MS)), {
      type: 'outage',
      asset,
      forever: true,
    });
  }
}

function scheduleChange(ctx: SimContext, asset: SimAsset, fromMs: number): void {
  let t = fromMs + ctx.exp(YEAR_MS / asset.churn);
  if (ctx.random() < PLANNED_SHARE) {
    const window = nextWindow(asset.site, t, ctx.options.endMs);
    if (window) t = window.startsMs + ctx.random() * (window.endsMs - window.startsMs);
  }
  ctx.schedule(t, { type: 'change', asset });
}

function scheduleOutage(ctx: SimContext, asset: SimAsset, fromMs: number): void {
  ctx.schedule(fromMs + ctx.exp(YEAR_MS / OUTAGES_PER_YEAR), { type: 'outage', asset, forever: false });
}

/** Somebody changes the device: a setpoint, its firmware or its program. */
export function change(ctx: SimContext, asset: SimAsset, t: number): void {
  if (asset.failingSinceMs === null && asset.agent.offlineSinceMs === null) {
    const pick = ctx.random();
    const kind: ChangeKind = pick < 0.72 ? 'config' : pick < 0.9 ? 'firmware' : 'program';
    const next = changeConfig(asset.model, asset.serial, asset.area, asset.version.config, kind, ctx.random);
    observe(ctx, asset, next, t);
  }
  scheduleChange(ctx, asset, t);
}

/** The configuration is put back to the approved baseline after an unauthorized change. */
export function revert(ctx: SimContext, asset: SimAsset, t: number): void {
  const baseline = asset.baseline;
  if (baseline && baseline.fingerprint !== asset.version.fingerprint) observe(ctx, asset, baseline.config, t);
}

function writeVersion(ctx: SimContext, asset: SimAsset, fingerprint: string, json: string, t: number): void {
  ctx.tables.configVersions.add([fingerprint, json, iso(t)]);
  const { site, agent } = asset;
  const seq = nextSeq(agent, t);
  ctx.tables.assetVersions.add([
    site.siteId,
    asset.assetId,
    fingerprint,
    agent.agentId,
    seq,
    iso(t - RECEIVE_MS),
    iso(t),
  ]);
}

/** A snapshot with a new configuration arrives, with the agent's own change event. */
function observe(ctx: SimContext, asset: SimAsset, config: AssetConfig, t: number): void {
  const version = versionOf(config);
  const previous = asset.version;
  if (version.fingerprint === previous.fingerprint) return;
  writeVersion(ctx, asset, version.fingerprint, version.json, t);
  asset.version = version;
  const recordId = evaluateConfig(ctx, asset, t);
  const { site, agent } = asset;
  ctx.tables.driftEvents.add([
    site.siteId,
    agent.agentId,
    asset.assetId,
    nextSeq(agent, t),
    iso(t - RECEIVE_MS),
    iso(t),
    previous.fingerprint,
    version.fingerprint,
    'open',
    JSON.stringify(diffStates(trackedState(previous.config), trackedState(config))),
    recordId,
  ]);
}

/** The console's config evaluation; returns the record the agent's change event is linked to. */
function evaluateConfig(ctx: SimContext, asset: SimAsset, t: number): number | null {
  const baseline = asset.baseline;
  if (!baseline) return null;
  const fingerprint = asset.version.fingerprint;
  const latest = asset.latestConfig;
  const undecided = isUndecided(latest) ? latest : undefined;
  if (fingerprint === baseline.fingerprint) {
    if (undecided && undecided.clearedMs === null) {
      undecided.clearedMs = t;
      undecided.updatedMs = t;
    }
    return baseline.recordId;
  }
  if (
    latest &&
    latest.state !== 'approved' &&
    latest.currentFingerprint === fingerprint &&
    latest.clearedMs === null
  ) {
    return latest.id;
  }
  const observed = t - RECEIVE_MS;
  const findings = configFindings(baseline.config, asset.version.config);
  const window = windowAt(asset.site, observed);
  if (undecided) {
    extend(undecided, findings, observed, t);
    undecided.currentFingerprint = fingerprint;
    undecided.currentConfig = asset.version.config;
    if (!window && undecided.state === 'planned') undecided.state = 'open';
    return undecided.id;
  }
  const record = newRecord(ctx.nextRecordId(), {
    siteId: asset.site.siteId,
    agentId: asset.agent.agentId,
    assetId: asset.assetId,
    kind: 'config',
    findings,
    observedMs: observed,
    atMs: t,
    changeWindowId: window?.id ?? null,
    baselineFingerprint: baseline.fingerprint,
    currentFingerprint: fingerprint,
    currentConfig: asset.version.config,
  });
  ctx.live.add(record);
  asset.latestConfig = record;
  if (window) {
    ctx.planDecision(record, asset.site, asset, window.endsMs + ctx.exp(6 * HOUR_MS), 0.02, 0);
  } else {
    const unauthorized = record.class === 'program' ? 0.3 : 0.1;
    ctx.planDecision(record, asset.site, asset, t + ctx.exp(3 * DAY_MS), unauthorized, 0.02);
  }
  return record.id;
}

export function outage(ctx: SimContext, asset: SimAsset, forever: boolean, t: number): void {
  if (asset.failingSinceMs !== null || asset.agent.offlineSinceMs !== null) {
    if (!forever) scheduleOutage(ctx, asset, t);
    return;
  }
  asset.failingSinceMs = t;
  asset.failingError = ctx.pick(OUTAGE_ERRORS);
  const durationMs = forever ? Number.POSITIVE_INFINITY : ctx.exp(ctx.random() < 0.8 ? 90_000 : 8 * HOUR_MS);
  const crossingMs = t + (UNREACHABLE_AFTER_POLLS - 1) * POLL_MS;
  if (crossingMs < t + durationMs) ctx.schedule(crossingMs, { type: 'unreachable', asset });
  if (!forever) ctx.schedule(t + Math.max(durationMs, 1_000), { type: 'recover', asset });
}

/** The failed poll that reaches the threshold. */
export function unreachable(ctx: SimContext, asset: SimAsset, t: number): void {
  if (asset.failingSinceMs === null || asset.failingError === null) return;
  const latest = asset.latestUnreachable;
  if (isUndecided(latest) && latest.clearedMs === null) return;
  const error = `${asset.failingError.code}: ${asset.failingError.message}`;
  const record = newRecord(ctx.nextRecordId(), {
    siteId: asset.site.siteId,
    agentId: asset.agent.agentId,
    assetId: asset.assetId,
    kind: 'unreachable',
    findings: unreachableFindings(UNREACHABLE_AFTER_POLLS, error),
    observedMs: t - RECEIVE_MS,
    atMs: t,
  });
  ctx.live.add(record);
  asset.latestUnreachable = record;
}

/** Extends the outage's record up to the last failed poll before `untilMs`. */
export function extendOutage(asset: SimAsset, untilMs: number): void {
  const record = asset.latestUnreachable;
  const since = asset.failingSinceMs;
  if (since === null || asset.failingError === null || !isUndecided(record) || record.detectedMs < since)
    return;
  const failures = Math.max(UNREACHABLE_AFTER_POLLS, Math.floor((untilMs - since) / POLL_MS));
  const lastFailedMs = since + (failures - 1) * POLL_MS;
  const error = `${asset.failingError.code}: ${asset.failingError.message}`;
  extend(record, unreachableFindings(failures, error), lastFailedMs - RECEIVE_MS, lastFailedMs);
}

export function recover(ctx: SimContext, asset: SimAsset, t: number): void {
  extendOutage(asset, t);
  const record = asset.latestUnreachable;
  if (isUndecided(record) && record.clearedMs === null && asset.failingSinceMs !== null) {
    record.clearedMs = t;
    record.updatedMs = t;
    if (!record.decisionPlanned)
      ctx.planDecision(record, asset.site, asset, t + ctx.exp(2 * DAY_MS), 0.03, 0.05);
  }
  asset.failingSinceMs = null;
  asset.failingError = null;
  scheduleOutage(ctx, asset, t);
}

/** A person works the new-asset review queue: accepts the asset with an owner, or ignores it. */
export function review(ctx: SimContext, asset: SimAsset, t: number): void {
  const { site } = asset;
  const by = ctx.pick(site.approvers);
  const itemKey = `asset:${asset.assetId}`;
  if (ctx.random() < 0.95) {
    const owner = ctx.random() < 0.6 ? (ctx.pick(TEAMS) as string) : (ctx.pick(PEOPLE) as string);
    const purpose = PURPOSES[asset.area] ?? 'production';
    ctx.tables.owners.add(['asset', site.siteId, asset.assetId, owner, purpose, iso(t), by]);
    ctx.tables.audit(t, {
      actor: by,
      action: 'owner.set',
      entityType: 'asset',
      entityId: `${site.siteId}/${asset.assetId}`,
      details: { before: null, after: { owner, purpose } },
    });
    asset.review = { status: 'accepted', atMs: t, by, note: null };
  } else {
    asset.review = { status: 'ignored', atMs: t, by, note: 'Test device on the bench network' };
  }
  ctx.tables.audit(t, {
    actor: by,
    action: `review.${asset.review.status}`,
    entityType: 'review_item',
    entityId: String(asset.reviewId),
    details: { siteId: site.siteId, itemKey, origin: 'polled', note: asset.review.note },
  });
}
