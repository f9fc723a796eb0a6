import type { Context } from 'hono';
import { type Principal, requireAllSites, requirePermission } from '../../auth/principal.ts';
import type { AppEnv } from '../env.ts';

/**
 * Users and API tokens are managed by admins of every site only: an admin limited to some sites
 * could otherwise grant itself the others.
 */
export function requireConsoleAdmin(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  requirePermission(principal, 'administer');
  requireAllSites(principal);
  return principal;
}
