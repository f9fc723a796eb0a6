/**
 * @plantwatch/console owns the central side of Plantwatch: an MQTT broker for agents (embedded, or
 * a connection to an external one), the ingest of agent messages (validated against
 * @plantwatch/protocol, stored idempotently by agent and sequence number, each agent bound to its
 * site), the SQLite database and its migrations, the read-only JSON API under /api/v1 and the
 * server-rendered pages security teams use to see their plants, assets and configuration drift.
 */
export type { ConsoleConfig, ConsoleOptions } from './config.ts';
export { type ConsoleHandle, createConsole } from './server.ts';
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
