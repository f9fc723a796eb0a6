import { type AssetSnapshot, LIMITS, type Link, type ValueChange } from '@plantwatch/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { assetLinks } from '../../db/schema/index.ts';
import { applyIgnoreRules } from '../../governance/ignore-match.ts';
import type { GovernanceContext } from './governance-context.ts';
import { describeLink, linkKey, linkPath } from './link-keys.ts';
import { extendRecord, type Findings, isUndecided, latestAssetRecord, openRecord } from './record-writes.ts';

export interface LinksObservation {
  siteId: string;
  agentId: string;
  snapshot: AssetSnapshot & { links: Link[] };
  observedAt: string;
  at: string;
}

const IN_CHUNK = 500;

/**
 * Stores the links a switch reported and raises `network` drift for new ones. The first links a
 * switch reports are its network baseline; a link never seen before on that switch afterwards is
 * a change (new neighbour, MAC on a new port, IP answered by a new MAC). Approving the record
 * approves its links. Returns the new links, for the discovered-asset review queue.
 */
export function evaluateLinks(tx: Tx, context: GovernanceContext, observation: LinksObservation): Link[] {
  const { siteId, snapshot, at } = observation;
  const assetId = snapshot.assetId;
  const where = and(eq(assetLinks.siteId, siteId), eq(assetLinks.assetId, assetId));
  const known = new Set(
    tx
      .select({ key: assetLinks.linkKey })
      .from(assetLinks)
      .where(where)
      .all()
      .map((row) => row.key),
  );
  const initial = known.size === 0;
  const seen = new Set<string>();
  const present: string[] = [];
  const fresh: Link[] = [];
  for (const link of snapshot.links) {
    const key = linkKey(link);
    if (seen.has(key)) continue;
    seen.add(key);
    if (known.has(key)) present.push(key);
    else fresh.push(link);
  }
  for (let start = 0; start < present.length; start += IN_CHUNK) {
    tx.update(assetLinks)
      .set({ lastSeenAt: at })
      .where(and(where, inArray(assetLinks.linkKey, present.slice(start, start + IN_CHUNK))))
      .run();
  }
  for (const link of fresh) {
    tx.insert(assetLinks)
      .values({
        siteId,
        assetId,
        linkKey: linkKey(link),
        source: link.source,
        port: link.port ?? null,
        portIndex: link.portIndex ?? null,
        mac: link.mac ?? null,
        ip: link.ip ?? null,
        vlan: link.vlan ?? null,
        remoteName: link.remoteName ?? null,
        remotePort: link.remotePort ?? null,
        remoteChassis: link.remoteChassis ?? null,
        approved: initial,
        firstSeenAt: at,
        lastSeenAt: at,
      })
      .run();
  }
  if (!initial && fresh.length > 0) raiseNetworkDrift(tx, context, observation, fresh);
  return fresh;
}

function raiseNetworkDrift(
  tx: Tx,
  context: GovernanceContext,
  observation: LinksObservation,
  fresh: Link[],
): void {
  const { siteId, snapshot } = observation;
  const changes: ValueChange[] = fresh.map((link) => ({
    path: linkPath(link),
    change: 'added',
    before: null,
    after: describeLink(link),
  }));
  const model = snapshot.identity.model ?? snapshot.identity.productCode ?? snapshot.identity.productName;
  const { kept, ignored } = applyIgnoreRules(changes, context.ignoreRules(tx), {
    siteId,
    assetId: snapshot.assetId,
    model,
  });
  const severity = context.settings().severity.network;
  const latest = latestAssetRecord(tx, siteId, snapshot.assetId, 'network');
  const previous: Findings = isUndecided(latest)
    ? { changes: latest.changes, changeClasses: latest.changeClasses, ignoredChanges: latest.ignoredChanges }
    : { changes: [], changeClasses: [], ignoredChanges: [] };
  const known = new Set(previous.changes.map((change) => change.path));
  const added = kept.filter((change) => !known.has(change.path));
  const room = Math.max(0, LIMITS.changesPerDrift - previous.changes.length);
  const findings: Findings = {
    changes: [...previous.changes, ...added.slice(0, room)],
    changeClasses: [
      ...previous.changeClasses,
      ...added.slice(0, room).map((change) => ({ path: change.path, class: 'network' as const, severity })),
    ],
    ignoredChanges: [...previous.ignoredChanges, ...ignored].slice(0, LIMITS.changesPerDrift),
  };
  if (added.length === 0) return;
  const windowId = context.changeWindowFor(tx, siteId, snapshot.assetId, observation.observedAt);
  if (isUndecided(latest)) {
    extendRecord(tx, latest, {
      ...findings,
      observedAt: observation.observedAt,
      at: observation.at,
      unplanned: windowId === null,
    });
    return;
  }
  const record = openRecord(tx, {
    ...findings,
    siteId,
    agentId: observation.agentId,
    assetId: snapshot.assetId,
    kind: 'network',
    observedAt: observation.observedAt,
    at: observation.at,
    changeWindowId: windowId,
  });
  context.signals.recordOpened(tx, record);
}
