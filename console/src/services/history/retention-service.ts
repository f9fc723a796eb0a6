import { sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../../db/client.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import type { SettingsService } from '../governance/settings-service.ts';
import { isoUtc } from '../time.ts';

export interface PruneResult {
  /** Null when retention is off (0 days): nothing was pruned. */
  horizon: string | null;
  assetVersions: number;
  configVersions: number;
  ingestedMessages: number;
  agentEvents: number;
  alertDeliveries: number;
}

export interface RetentionService {
  /** Prunes volatile history older than the retention setting; audited (actor `system` unless given). */
  prune(actor?: string): PruneResult;
}

/**
 * What retention prunes, older than `historyRetentionDays`:
 * - configuration versions of each asset, except the last one before the horizon (so that an
 *   as-of query at any time after the horizon still has an answer);
 * - stored configurations no longer referenced by an asset, a version, a baseline or a drift record;
 * - the ingest de-duplication log and agent-reported change events not linked to a drift record;
 * - delivered or failed alerts and their delivery log.
 * Never: baselines, drift records and their decisions, the audit log, change windows, owners,
 * review decisions, ignore rules.
 */
export function createRetentionService(
  db: ConsoleDatabase,
  options: { settings: SettingsService; now: () => Date },
): RetentionService {
  return {
    prune(actor = 'system') {
      const days = options.settings.current().historyRetentionDays;
      const empty = {
        assetVersions: 0,
        configVersions: 0,
        ingestedMessages: 0,
        agentEvents: 0,
        alertDeliveries: 0,
      };
      if (days === 0) return { horizon: null, ...empty };
      const now = options.now();
      const horizon = isoUtc(new Date(now.getTime() - days * 86_400_000));
      return db.transaction((tx) => {
        const run = (query: ReturnType<typeof sql>) => tx.run(query).changes;
        const result: PruneResult = {
          horizon,
          assetVersions: run(sql`
            delete from asset_versions where observed_at < ${horizon} and id not in (
              select max(id) from asset_versions where observed_at < ${horizon} group by site_id, asset_id)`),
          configVersions: 0,
          ingestedMessages: run(sql`delete from ingested_messages where received_at < ${horizon}`),
          agentEvents: run(
            sql`delete from drift_events where received_at < ${horizon} and drift_record_id is null`,
          ),
          alertDeliveries: pruneAlerts(run, horizon),
        };
        result.configVersions = run(sql`
          delete from config_versions where fingerprint not in (select fingerprint from asset_versions)
            and fingerprint not in (select fingerprint from assets where fingerprint is not null)
            and fingerprint not in (select fingerprint from baselines)
            and fingerprint not in (select baseline_fingerprint from drift_records where baseline_fingerprint is not null)
            and fingerprint not in (select current_fingerprint from drift_records where current_fingerprint is not null)`);
        appendAudit(
          tx,
          {
            actor,
            action: 'history.pruned',
            entityType: 'history',
            entityId: horizon,
            details: { retentionDays: days, ...result },
          },
          isoUtc(now),
        );
        return result;
      });
    },
  };
}

/** Alerts delivered or given up on, and their delivery log; pending ones are never pruned. */
function pruneAlerts(run: (query: ReturnType<typeof sql>) => number, horizon: string): number {
  const old = sql`select id from alert_outbox where state != 'pending' and created_at < ${horizon}`;
  const deliveries = run(sql`delete from alert_deliveries where outbox_id in (${old})`);
  run(sql`delete from alert_outbox where state != 'pending' and created_at < ${horizon}`);
  return deliveries;
}
