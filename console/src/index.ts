/**
 * @plantwatch/console owns the central side of Plantwatch: an MQTT broker for agents (embedded, or
 * a connection to an external one), the ingest of agent messages (validated against
 * @plantwatch/protocol, stored idempotently by agent and sequence number, each agent bound to its
 * site), the SQLite database and its migrations, drift governance (baselines, drift records and
 * decisions, change windows, the new-asset review queue, owners, history, the hash-chained audit
 * log, alerts to webhooks and syslog), the JSON API under /api/v1 and the server-rendered pages
 * security teams use to see their plants, assets and configuration drift, and to decide on it.
 */

export { addUser, issueApiToken } from './accounts-command.ts';
export type { AlertPayload } from './alerts/alert-payload.ts';
export type { ConsoleConfig, ConsoleOptions } from './config.ts';
export type { Settings } from './governance/settings.ts';
export type {
  DriftClass,
  DriftKind,
  DriftRecordState,
  Severity,
} from './governance/vocabulary.ts';
export { type ConsoleHandle, createConsole } from './server.ts';
export type { DriftRecordDetail, DriftRecordView } from './services/governance/drift-record-views.ts';
export type { IngestOutcome, IngestRejectReason, IngestStats } from './services/ingest-service.ts';
export type {
  AgentView,
  AssetDetail,
  AssetSummary,
  DriftEventView,
  FleetTotals,
  Page,
  SiteDetail,
  SiteSummary,
} from './services/views.ts';
