import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { createAgentsPage } from './agents-page.tsx';
import { createAssetPage } from './asset-page.tsx';
import { createAuditPage } from './audit-page.tsx';
import { createChangeWindowsPage } from './change-windows-page.tsx';
import { createDriftDetailPage } from './drift-detail-page.tsx';
import { createDriftPage } from './drift-page.tsx';
import { createEnrollmentPage } from './enrollment-page.tsx';
import { createFleetPage, type PageOptions } from './fleet-page.tsx';
import { createGovernancePage } from './governance-page.tsx';
import { createHistoryPages } from './history-page.tsx';
import { createInventoryPage } from './inventory-page.tsx';
import { createReviewPage } from './review-page.tsx';
import { createSitePage } from './site-page.tsx';
import { createStaticRoutes } from './static.ts';

export type { PageOptions };

/** The server-rendered pages and their stylesheet. */
export function createPageRoutes(services: ConsoleServices, options: PageOptions): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .route('/', createFleetPage(services, options))
    .route('/sites', createSitePage(services))
    .route('/sites', createAssetPage(services))
    .route('/sites', createHistoryPages(services))
    .route('/inventory', createInventoryPage(services))
    .route('/agents', createAgentsPage(services))
    .route('/drift', createDriftPage(services))
    .route('/drift', createDriftDetailPage(services))
    .route('/change-windows', createChangeWindowsPage(services))
    .route('/review', createReviewPage(services))
    .route('/governance', createGovernancePage(services))
    .route('/audit', createAuditPage(services))
    .route('/enrollment', createEnrollmentPage(services))
    .route('/static', createStaticRoutes());
}
