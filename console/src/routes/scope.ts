import { PlantwatchError } from '@plantwatch/shared';
import type { Context } from 'hono';
import type { SiteScope } from '../auth/principal.ts';
import type { AppEnv } from './env.ts';

/**
 * The sites the caller may see, as the authentication middleware set them. A route that reads site
 * data passes this to its service. Without a principal the request fails instead of showing every
 * site: a route mounted outside the authentication middleware is a bug, not an unscoped caller.
 */
export function scopeOf(c: Context<AppEnv>): SiteScope {
  const principal = c.get('principal');
  if (principal === undefined)
    throw new PlantwatchError('internal', 'no principal: authentication is missing');
  return principal.sites;
}
