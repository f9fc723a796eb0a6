import {
  appear,
  change,
  extendOutage,
  outage,
  recover,
  revert,
  review,
  unreachable,
} from './asset-events.ts';
import { HOUR_MS } from './fleet-layout.ts';
import {
  agentOffline,
  agentOnline,
  agentOwner,
  decide,
  resolve,
  scheduleAgentOutage,
  windowCancelled,
  windowCreated,
} from './governance-events.ts';
import type { SimContext, SimEvent } from './sim-context.ts';

/**
 * Replays the period in time order: every asset's first snapshot, changes, outages and review,
 * every agent's outages, every change window, and people's decisions on drift. Replaying in time
 * order is what lets drift record ids, agent sequence numbers and the audit chain come out as a
 * console that lived through the year would have written them.
 */
export function runSimulation(ctx: SimContext, onProgress: (fraction: number) => void): number {
  const { layout, options } = ctx;
  for (const asset of layout.assets) ctx.schedule(asset.firstSeenMs, { type: 'appear', asset });
  for (const site of layout.sites) {
    for (const agent of site.agents) {
      ctx.schedule(agent.firstSeenMs + 2 * HOUR_MS, { type: 'agentOwner', agent });
      scheduleAgentOutage(ctx, agent, agent.firstSeenMs);
      // One agent in a hundred is down at the end of the period.
      if (ctx.random() < 0.01) {
        const atMs = Math.max(agent.firstSeenMs + HOUR_MS, options.endMs - ctx.exp(2 * 86_400_000));
        ctx.schedule(atMs, { type: 'agentOffline', agent, forever: true });
      }
    }
  }
  for (const window of layout.windows) {
    ctx.schedule(window.createdMs, { type: 'windowCreated', window });
    if (window.cancelledMs !== null) ctx.schedule(window.cancelledMs, { type: 'windowCancelled', window });
  }

  const spanMs = options.endMs - layout.startMs;
  let events = 0;
  let reportedAt = layout.startMs;
  for (let next = ctx.queue.pop(); next; next = ctx.queue.pop()) {
    dispatch(ctx, next.event, next.atMs);
    events += 1;
    if (next.atMs - reportedAt > spanMs / 10) {
      reportedAt = next.atMs;
      onProgress((next.atMs - layout.startMs) / spanMs);
    }
  }
  // Outages still going on at the end: their records run up to the last failed poll.
  for (const asset of layout.assets) extendOutage(asset, options.endMs);
  for (const record of [...ctx.live].sort((a, b) => a.id - b.id)) ctx.settle(record);
  return events;
}

type Handlers = {
  [K in SimEvent['type']]: (ctx: SimContext, event: Extract<SimEvent, { type: K }>, t: number) => void;
};

const HANDLERS: Handlers = {
  appear: (ctx, event, t) => appear(ctx, event.asset, t),
  change: (ctx, event, t) => change(ctx, event.asset, t),
  revert: (ctx, event, t) => revert(ctx, event.asset, t),
  outage: (ctx, event, t) => outage(ctx, event.asset, event.forever, t),
  unreachable: (ctx, event, t) => unreachable(ctx, event.asset, t),
  recover: (ctx, event, t) => recover(ctx, event.asset, t),
  review: (ctx, event, t) => review(ctx, event.asset, t),
  decide: (ctx, event, t) => decide(ctx, event.record, event.site, event.asset, event.outcome, t),
  resolve: (ctx, event, t) => resolve(ctx, event.record, event.site, t),
  agentOffline: (ctx, event, t) => agentOffline(ctx, event.agent, event.forever, t),
  agentOnline: (ctx, event, t) => agentOnline(ctx, event.agent, t),
  agentOwner: (ctx, event, t) => agentOwner(ctx, event.agent, t),
  windowCreated: (ctx, event, t) => windowCreated(ctx, event.window, t),
  windowCancelled: (ctx, event, t) => windowCancelled(ctx, event.window, t),
};

function dispatch(ctx: SimContext, event: SimEvent, t: number): void {
  (HANDLERS[event.type] as (ctx: SimContext, event: SimEvent, t: number) => void)(ctx, event, t);
}
