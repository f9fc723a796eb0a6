import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { createAccountApi } from './account-api.ts';
import { createUsersPage } from './users-page.tsx';

/** Accounts and API tokens: the admin pages under /admin and their JSON API under /api/v1. */
export function createAdminRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .route('/admin', createUsersPage(services))
    .route('/api/v1', createAccountApi(services));
}
