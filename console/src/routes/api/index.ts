import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { createAgentRoutes } from './agents.ts';
import { createAssetRoutes } from './assets.ts';
import { createDriftRoutes } from './drift.ts';
import { createHealthRoutes } from './health.ts';
import { createSiteRoutes } from './sites.ts';

/** The JSON API, version 1. Read-only: every route is a GET. */
export function createApiRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .route('/health', createHealthRoutes(services))
    .route('/sites', createSiteRoutes(services))
    .route('/agents', createAgentRoutes(services))
    .route('/drift', createDriftRoutes(services))
    .route('/', createAssetRoutes(services));
}
