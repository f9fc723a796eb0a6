import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { createAssetPage } from './asset-page.tsx';
import { createDriftPage } from './drift-page.tsx';
import { createFleetPage, type PageOptions } from './fleet-page.tsx';
import { createSitePage } from './site-page.tsx';
import { createStaticRoutes } from './static.ts';

export type { PageOptions };

/** The server-rendered pages and their stylesheet. */
export function createPageRoutes(services: ConsoleServices, options: PageOptions): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .route('/', createFleetPage(services, options))
    .route('/sites', createSitePage(services))
    .route('/sites', createAssetPage(services))
    .route('/drift', createDriftPage(services))
    .route('/static', createStaticRoutes());
}
