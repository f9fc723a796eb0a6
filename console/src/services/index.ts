import { createAlertSignals } from '../alerts/alert-queue.ts';
import type { ConsoleDatabase } from '../db/client.ts';
import { type ApiTokenService, createApiTokenService } from './accounts/api-token-service.ts';
import { createSessionService, type SessionService } from './accounts/session-service.ts';
import { createUserService, type UserService } from './accounts/user-service.ts';
import { type AgentService, createAgentService } from './agent-service.ts';
import { type AlertLogService, createAlertLogService } from './alert-log-service.ts';
import { type AssetService, createAssetService } from './asset-service.ts';
import { type AuditService, createAuditService } from './audit/audit-service.ts';
import { createDriftService, type DriftService } from './drift-service.ts';
import {
  type AgentBrokerInfo,
  createEnrollmentService,
  type EnrollmentService,
} from './enrollment/enrollment-service.ts';
import { createExportService, type ExportService } from './export-service.ts';
import { createFleetService, type FleetService } from './fleet-service.ts';
import { type ChangeWindowLookup, createChangeWindowLookup } from './governance/change-window-lookup.ts';
import { type ChangeWindowService, createChangeWindowService } from './governance/change-window-service.ts';
import { createGovernanceContext } from './governance/create-context.ts';
import { createDecisionService, type DecisionService } from './governance/decision-service.ts';
import { createDiscovery } from './governance/discovery.ts';
import { createDriftRecordService, type DriftRecordService } from './governance/drift-record-service.ts';
import type { GovernanceSignals } from './governance/governance-context.ts';
import { createGovernanceIngest } from './governance/governance-ingest.ts';
import { createIgnoreRuleService, type IgnoreRuleService } from './governance/ignore-rule-service.ts';
import { createOwnershipService, type OwnershipService } from './governance/ownership-service.ts';
import { createReviewService, type ReviewService } from './governance/review-service.ts';
import { createSettingsService, type SettingsService } from './governance/settings-service.ts';
import { createHistoryService, type HistoryService } from './history/history-service.ts';
import { createRetentionService, type RetentionService } from './history/retention-service.ts';
import { createIngestService, type IngestService } from './ingest-service.ts';
import { createInventoryService, type InventoryService } from './inventory-service.ts';
import { createSequenceGapService, type SequenceGapService } from './sequence-gaps.ts';

/** What the routes may use. Routes reach the database only through these. */
export interface ConsoleServices {
  fleet: FleetService;
  assets: AssetService;
  /** Agents with their health, per agent, per site and per version. */
  agents: AgentService;
  /** The inventory: search, filter and sort over every asset in scope. */
  inventory: InventoryService;
  /** The agents' own change events (agent-reported drift). */
  agentEvents: DriftService;
  /** The console's drift records: the source of truth for governance. */
  drift: DriftRecordService;
  decisions: DecisionService;
  changeWindows: ChangeWindowService;
  ignoreRules: IgnoreRuleService;
  review: ReviewService;
  ownership: OwnershipService;
  history: HistoryService;
  retention: RetentionService;
  audit: AuditService;
  alerts: AlertLogService;
  exports: ExportService;
  settings: SettingsService;
  ingest: Pick<IngestService, 'stats'>;
  users: UserService;
  sessions: SessionService;
  apiTokens: ApiTokenService;
  enrollment: EnrollmentService;
  /** Missing sequence numbers per agent: a health problem on the agents page and in the API. */
  sequenceGaps: SequenceGapService;
}

export interface ConsoleCore {
  services: ConsoleServices;
  ingest: IngestService;
}

export interface ConsoleCoreOptions {
  db: ConsoleDatabase;
  now?: () => Date;
  /** What governance events do; by default they queue alerts for the configured targets. */
  signals?: GovernanceSignals;
  /** Called after a transaction that may have queued alerts commits. */
  afterCommit?: () => void;
  /** Where enrolled agents connect (known once the broker listens); tests get a plain local one. */
  agentBroker?: () => AgentBrokerInfo;
}

/** Wires the services over one database: ingest with its governance checks, and what routes use. */
export function createConsoleCore(options: ConsoleCoreOptions): ConsoleCore {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const settings = createSettingsService(db, now);
  const windows: ChangeWindowLookup = createChangeWindowLookup(db);
  const signals = options.signals ?? createAlertSignals({ settings: () => settings.current(), now });
  const context = createGovernanceContext({ db, settings, windows, signals });
  const ingest = createIngestService({
    db,
    now,
    governance: createGovernanceIngest(context, createDiscovery()),
    afterCommit: options.afterCommit,
  });
  const ignoreRules = createIgnoreRuleService(db, { now, onChange: () => context.invalidateIgnoreRules() });
  const agentEvents = createDriftService(db);
  const drift = createDriftRecordService(db, windows);
  const assets = createAssetService(db, drift, agentEvents);
  const agents = createAgentService(db, { now });
  const decisions = createDecisionService(db, { now, signals, afterCommit: options.afterCommit });
  const changeWindows = createChangeWindowService(db, { now });
  const review = createReviewService(db, { now });
  const ownership = createOwnershipService(db, { now });
  const history = createHistoryService(db);
  const retention = createRetentionService(db, { settings, now });
  return {
    ingest,
    services: {
      fleet: createFleetService(db, { assets, agents }, { now }),
      assets,
      agents,
      inventory: createInventoryService(db),
      agentEvents,
      drift,
      decisions,
      changeWindows,
      ignoreRules,
      review,
      ownership,
      history,
      retention,
      audit: createAuditService(db),
      alerts: createAlertLogService(db),
      exports: createExportService(db),
      settings,
      ingest,
      users: createUserService(db, { now }),
      sessions: createSessionService(db, { now }),
      apiTokens: createApiTokenService(db, { now }),
      enrollment: createEnrollmentService(db, {
        now,
        broker: options.agentBroker ?? (() => ({ url: 'mqtt://127.0.0.1:1883', caCertificate: null })),
      }),
      sequenceGaps: createSequenceGapService(db, { now }),
    },
  };
}
