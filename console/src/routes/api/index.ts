import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import { CONSOLE_VERSION } from '../../version.ts';
import type { AppEnv } from '../env.ts';
import { createAgentEventRoutes } from './agent-events.ts';
import { createAgentRoutes } from './agents.ts';
import { createAlertRoutes } from './alerts.ts';
import { createAssetRoutes } from './assets.ts';
import { createAuditRoutes } from './audit.ts';
import { createChangeWindowRoutes } from './change-windows.ts';
import { createDriftRoutes } from './drift.ts';
import { createEnrollmentRoutes } from './enrollment.ts';
import { createExportRoutes } from './exports.ts';
import { createHealthRoutes } from './health.ts';
import { createHistoryRoutes } from './history.ts';
import { createIgnoreRuleRoutes } from './ignore-rules.ts';
import { createOpenApiRoutes } from './openapi.ts';
import { createOwnershipRoutes } from './ownership.ts';
import { createReviewRoutes } from './review.ts';
import { createSettingsRoutes } from './settings.ts';
import { createSiteRoutes } from './sites.ts';

/** The JSON API, version 1. One sub-app per area. */
export function createApiRoutes(services: ConsoleServices): Hono<AppEnv> {
  return (
    new Hono<AppEnv>()
      .route('/health', createHealthRoutes(services))
      .route('/openapi.json', createOpenApiRoutes(CONSOLE_VERSION))
      .route('/sites', createSiteRoutes(services))
      .route('/agents', createAgentRoutes(services))
      // The agents' own change events, as before drift records existed (kept for compatibility).
      .route('/drift', createAgentEventRoutes(services))
      // The console's drift records: the source of truth for governance.
      .route('/drift-records', createDriftRoutes(services))
      .route('/change-windows', createChangeWindowRoutes(services))
      .route('/ignore-rules', createIgnoreRuleRoutes(services))
      .route('/review-queue', createReviewRoutes(services))
      .route('/audit', createAuditRoutes(services))
      .route('/alerts', createAlertRoutes(services))
      .route('/export', createExportRoutes(services))
      .route('/settings', createSettingsRoutes(services))
      .route('/', createOwnershipRoutes(services))
      .route('/', createHistoryRoutes(services))
      .route('/', createAssetRoutes(services))
      .route('/', createEnrollmentRoutes(services))
  );
}
