import { type AssetSnapshot, diffStates, type TrackedState, type ValueClass } from '@plantwatch/protocol';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { baselines, configVersions } from '../../db/schema/index.ts';
import { classifyPath } from '../../governance/classify.ts';
import { applyIgnoreRules } from '../../governance/ignore-match.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import type { GovernanceContext } from './governance-context.ts';
import {
  clearRecord,
  extendRecord,
  type Findings,
  isUndecided,
  latestAssetRecord,
  linkAgentEvents,
  openRecord,
} from './record-writes.ts';

export interface ConfigObservation {
  siteId: string;
  agentId: string;
  snapshot: AssetSnapshot;
  fingerprint: string;
  /** Canonical JSON of the snapshot's tracked state. */
  trackedJson: string;
  /** The configuration the previous snapshot reported: the same one was evaluated then. */
  previousFingerprint: string | null;
  observedAt: string;
  at: string;
}

/**
 * Compares a successful snapshot with the asset's baseline. The first one becomes the baseline.
 * A difference opens a config drift record, or extends the undecided one; a configuration already
 * reported in the latest record (flagged, resolved) raises nothing new; back at the baseline, an
 * undecided record is marked cleared and still waits for a person.
 */
export function evaluateConfig(tx: Tx, context: GovernanceContext, observation: ConfigObservation): void {
  const { siteId, snapshot, fingerprint, at } = observation;
  const assetId = snapshot.assetId;
  const baseline = tx
    .select({ fingerprint: baselines.fingerprint })
    .from(baselines)
    .where(and(eq(baselines.siteId, siteId), eq(baselines.assetId, assetId)))
    .get();
  if (!baseline) {
    establishInitialBaseline(tx, siteId, assetId, fingerprint, at);
    return;
  }
  // The common case, every poll of a stable device: nothing to look at since the last snapshot.
  if (observation.previousFingerprint === fingerprint) return;
  const latest = latestAssetRecord(tx, siteId, assetId, 'config');
  const undecided = isUndecided(latest) ? latest : undefined;
  if (fingerprint === baseline.fingerprint) {
    if (undecided) clearRecord(tx, undecided, at);
    return;
  }
  if (
    latest &&
    latest.state !== 'approved' &&
    latest.currentFingerprint === fingerprint &&
    latest.clearedAt === null
  ) {
    return;
  }

  const findings = configFindings(tx, context, observation, baseline.fingerprint);
  if (findings.changes.length === 0) {
    // Only ignored paths differ from the baseline: as good as back at it.
    if (undecided) clearRecord(tx, undecided, at);
    return;
  }
  const windowId = context.changeWindowFor(tx, siteId, assetId, observation.observedAt);
  if (undecided) {
    const escalated = extendRecord(tx, undecided, {
      ...findings,
      currentFingerprint: fingerprint,
      observedAt: observation.observedAt,
      at,
      unplanned: windowId === null,
    });
    linkAgentEvents(tx, undecided, fingerprint);
    if (escalated) context.signals.recordOpened(tx, escalated);
    return;
  }
  const record = openRecord(tx, {
    ...findings,
    siteId,
    agentId: observation.agentId,
    assetId,
    kind: 'config',
    baselineFingerprint: baseline.fingerprint,
    currentFingerprint: fingerprint,
    observedAt: observation.observedAt,
    at,
    changeWindowId: windowId,
  });
  linkAgentEvents(tx, record, fingerprint);
  context.signals.recordOpened(tx, record);
}

function establishInitialBaseline(
  tx: Tx,
  siteId: string,
  assetId: string,
  fingerprint: string,
  at: string,
): void {
  tx.insert(baselines)
    .values({ siteId, assetId, fingerprint, source: 'initial', establishedAt: at, establishedBy: 'system' })
    .run();
  appendAudit(
    tx,
    {
      actor: 'system',
      action: 'baseline.initial',
      entityType: 'asset',
      entityId: `${siteId}/${assetId}`,
      details: { fingerprint, reason: 'first successful snapshot' },
    },
    at,
  );
}

function configFindings(
  tx: Tx,
  context: GovernanceContext,
  observation: ConfigObservation,
  baselineFingerprint: string,
): Findings {
  const { snapshot, siteId } = observation;
  const before = loadState(tx, baselineFingerprint);
  const after = JSON.parse(observation.trackedJson) as TrackedState;
  const model = snapshot.identity.model ?? snapshot.identity.productCode ?? snapshot.identity.productName;
  const { kept, ignored } = applyIgnoreRules(diffStates(before, after), context.ignoreRules(tx), {
    siteId,
    assetId: snapshot.assetId,
    model,
  });
  const valueClasses = new Map<string, ValueClass>(snapshot.values.map((value) => [value.path, value.class]));
  const severities = context.settings().severity;
  const changeClasses = kept.map((change) => {
    const changeClass = classifyPath(change.path, valueClasses.get(change.path));
    return { path: change.path, class: changeClass, severity: severities[changeClass] };
  });
  return { changes: kept, changeClasses, ignoredChanges: ignored };
}

export function loadState(tx: DbOrTx, fingerprint: string): TrackedState {
  const row = tx
    .select({ state: configVersions.state })
    .from(configVersions)
    .where(eq(configVersions.fingerprint, fingerprint))
    .get();
  return row ? (JSON.parse(row.state) as TrackedState) : {};
}
