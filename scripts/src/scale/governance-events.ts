import { APPROVAL_COMMENTS, RESOLUTION_NOTES, TEAMS, UNAUTHORIZED_COMMENTS } from './catalogue.ts';
import {
  agentOfflineFindings,
  extend,
  isUndecided,
  newRecord,
  type SimRecord,
} from './drift-record-model.ts';
import { iso } from './fast-format.ts';
import {
  DAY_MS,
  HOUR_MS,
  type SimAgent,
  type SimAsset,
  type SimSite,
  type SimWindow,
} from './fleet-layout.ts';
import { RECEIVE_MS, type SimContext } from './sim-context.ts';

const AGENT_OUTAGES_PER_YEAR = 4;

const APPROVAL_BY_KIND: Record<SimRecord['kind'], readonly string[]> = {
  config: APPROVAL_COMMENTS,
  network: ['New device on the switch, expected'],
  unreachable: [
    'Power cycled by maintenance',
    'Switch replaced during the outage',
    'Device off for planned work',
  ],
  agent_offline: ['Gateway rebooted for OS updates', 'Site network maintenance'],
  asset_appeared: ['New device commissioned', 'Spare controller installed after a failure'],
};

/**
 * A person decides on a record, as the decision service does: approve (a config record's baseline
 * moves to the configuration it describes) or mark unauthorized (an incident, usually reverted and
 * resolved later). Audited with the same details as the console writes.
 */
export function decide(
  ctx: SimContext,
  record: SimRecord,
  site: SimSite,
  asset: SimAsset | undefined,
  outcome: 'approved' | 'unauthorized',
  t: number,
): void {
  if (!isUndecided(record)) return;
  const by = ctx.pick(site.approvers);
  const window = record.changeWindowId === null ? undefined : ctx.layout.windows[record.changeWindowId - 1];
  const ticket =
    window?.ticket ?? (outcome === 'approved' ? ctx.ticket(record.kind === 'config' ? 'CHG' : 'INC') : null);
  const comment =
    outcome === 'unauthorized'
      ? ctx.pick(UNAUTHORIZED_COMMENTS)
      : window
        ? `Planned work under ${window.ticket}`
        : ctx.pick(APPROVAL_BY_KIND[record.kind]);
  const previousState = record.state;
  Object.assign(record, { state: outcome, decidedMs: t, decidedBy: by, ticket, comment, updatedMs: t });
  let effect = {};
  if (
    outcome === 'approved' &&
    asset &&
    record.kind === 'config' &&
    record.currentFingerprint !== null &&
    record.currentConfig !== null &&
    record.clearedMs === null
  ) {
    effect = { baseline: { from: record.baselineFingerprint, to: record.currentFingerprint } };
    asset.baseline = {
      fingerprint: record.currentFingerprint,
      config: record.currentConfig,
      source: 'approval',
      recordId: record.id,
      atMs: t,
      by,
    };
  }
  ctx.tables.audit(t, {
    actor: by,
    action: `drift.${outcome}`,
    entityType: 'drift_record',
    entityId: String(record.id),
    details: {
      siteId: record.siteId,
      assetId: record.assetId,
      agentId: record.agentId,
      kind: record.kind,
      class: record.class,
      severity: record.severity,
      previousState,
      ticket,
      comment,
      changes: record.changes,
      ...effect,
    },
  });
  if (outcome === 'approved') {
    ctx.settle(record);
    return;
  }
  let afterMs = t;
  if (asset && record.kind === 'config' && ctx.random() < 0.85) {
    afterMs = t + ctx.exp(8 * HOUR_MS);
    ctx.schedule(afterMs, { type: 'revert', asset });
  }
  if (ctx.random() < 0.9) ctx.schedule(afterMs + ctx.exp(2 * DAY_MS), { type: 'resolve', record, site });
  else ctx.settle(record);
}

export function resolve(ctx: SimContext, record: SimRecord, site: SimSite, t: number): void {
  if (record.state !== 'unauthorized') return;
  const by = ctx.pick(site.approvers);
  const note = ctx.pick(RESOLUTION_NOTES);
  Object.assign(record, {
    state: 'resolved',
    resolvedMs: t,
    resolvedBy: by,
    resolutionNote: note,
    updatedMs: t,
  });
  ctx.tables.audit(t, {
    actor: by,
    action: 'drift.resolved',
    entityType: 'drift_record',
    entityId: String(record.id),
    details: { siteId: record.siteId, assetId: record.assetId, note },
  });
  ctx.settle(record);
}

export function scheduleAgentOutage(ctx: SimContext, agent: SimAgent, fromMs: number): void {
  ctx.schedule(fromMs + ctx.exp((365 * DAY_MS) / AGENT_OUTAGES_PER_YEAR), {
    type: 'agentOffline',
    agent,
    forever: false,
  });
}

/** The agent's offline status (its goodbye or its will): one record per outage while undecided. */
export function agentOffline(ctx: SimContext, agent: SimAgent, forever: boolean, t: number): void {
  if (agent.offlineSinceMs !== null) return;
  agent.offlineSinceMs = t;
  const latest = agent.latestOffline;
  if (isUndecided(latest)) {
    extend(latest, agentOfflineFindings(), t - RECEIVE_MS, t);
  } else {
    const record = newRecord(ctx.nextRecordId(), {
      siteId: agent.site.siteId,
      agentId: agent.agentId,
      assetId: null,
      kind: 'agent_offline',
      findings: agentOfflineFindings(),
      observedMs: t - RECEIVE_MS,
      atMs: t,
    });
    ctx.live.add(record);
    agent.latestOffline = record;
  }
  if (!forever) {
    const meanMs = ctx.random() < 0.9 ? 30 * 60_000 : 6 * HOUR_MS;
    ctx.schedule(t + Math.max(ctx.exp(meanMs), 1_000), { type: 'agentOnline', agent });
  }
}

export function agentOnline(ctx: SimContext, agent: SimAgent, t: number): void {
  agent.offlineSinceMs = null;
  const latest = agent.latestOffline;
  if (isUndecided(latest)) {
    if (latest.clearedMs === null) {
      latest.clearedMs = t;
      latest.updatedMs = t;
    }
    if (!latest.decisionPlanned)
      ctx.planDecision(latest, agent.site, undefined, t + ctx.exp(DAY_MS), 0.01, 0.1);
  }
  scheduleAgentOutage(ctx, agent, t);
}

export function agentOwner(ctx: SimContext, agent: SimAgent, t: number): void {
  if (ctx.random() < 0.03) return;
  const { site } = agent;
  const by = ctx.pick(site.approvers);
  const input = {
    owner: TEAMS[site.index % TEAMS.length] as string,
    purpose: 'OT gateway (Plantwatch agent)',
  };
  ctx.tables.owners.add(['agent', site.siteId, agent.agentId, input.owner, input.purpose, iso(t), by]);
  ctx.tables.audit(t, {
    actor: by,
    action: 'owner.set',
    entityType: 'agent',
    entityId: `${site.siteId}/${agent.agentId}`,
    details: { before: null, after: input },
  });
}

export function windowCreated(ctx: SimContext, window: SimWindow, t: number): void {
  const { site } = window;
  ctx.tables.changeWindows.add([
    window.id,
    site.siteId,
    '[]',
    iso(window.startsMs),
    iso(window.endsMs),
    window.ticket,
    window.owner,
    window.description,
    iso(window.createdMs),
    window.createdBy,
    window.cancelledMs === null ? null : iso(window.cancelledMs),
    window.cancelledBy,
  ]);
  ctx.tables.audit(t, {
    actor: window.createdBy,
    action: 'change_window.created',
    entityType: 'change_window',
    entityId: String(window.id),
    details: {
      siteId: site.siteId,
      assetIds: [],
      startsAt: iso(window.startsMs),
      endsAt: iso(window.endsMs),
      ticket: window.ticket,
      owner: window.owner,
      description: window.description,
      plannedRecords: 0,
    },
  });
}

export function windowCancelled(ctx: SimContext, window: SimWindow, t: number): void {
  ctx.tables.audit(t, {
    actor: window.cancelledBy ?? window.createdBy,
    action: 'change_window.cancelled',
    entityType: 'change_window',
    entityId: String(window.id),
    details: { siteId: window.site.siteId, ticket: window.ticket },
  });
}
