import { PlantwatchError } from '@plantwatch/shared';
import type { Role } from './roles.ts';

/** The sites someone may see: a list of site ids, or null for every site. */
export type SiteScope = readonly string[] | null;

/** Who is making a request: a signed-in user or an API token. */
export interface Principal {
  readonly kind: 'user' | 'token';
  /** The user id or the token id. */
  readonly id: string;
  /** What the audit log records: the username, or `token:<name>` for an API token. */
  readonly actor: string;
  readonly role: Role;
  readonly sites: SiteScope;
}

/** What a role may do. Reading is open to every role, within its sites. */
export const PERMISSIONS = {
  /** Decide drift, manage ignore rules and change windows. */
  decide: ['admin', 'approver'],
  /** Set owners and purposes, accept or ignore new assets. */
  own: ['admin', 'approver', 'technician'],
  /** Create enrollment tokens, revoke and rotate agents. */
  enroll: ['admin', 'technician'],
  /** Users, API tokens, settings, alert targets, the audit log of the whole console. */
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(principal: Principal, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(principal.role);
}

/** Throws `permission_denied` unless the principal's role has the permission. */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!can(principal, permission)) {
    throw new PlantwatchError(
      'permission_denied',
      `the ${principal.role} role may not do this (needs ${PERMISSIONS[permission].join(' or ')})`,
    );
  }
}

export function canSeeSite(scope: SiteScope, siteId: string): boolean {
  return scope === null || scope.includes(siteId);
}

/**
 * Throws `not_found` (not "forbidden": a user must not learn that another site exists) unless the
 * scope includes the site.
 */
export function requireSite(scope: SiteScope, siteId: string, what = `site ${siteId}`): void {
  if (!canSeeSite(scope, siteId)) throw new PlantwatchError('not_found', `${what} not found`);
}

/** Throws `permission_denied` unless the principal sees every site (e.g. console-wide views). */
export function requireAllSites(principal: Principal): void {
  if (principal.sites !== null) {
    throw new PlantwatchError(
      'permission_denied',
      'this view spans every site; your account is limited to some',
    );
  }
}
