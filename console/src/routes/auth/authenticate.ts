import { PlantwatchError } from '@plantwatch/shared';
import type { MiddlewareHandler } from 'hono';
import { sameSecret } from '../../auth/secrets.ts';
import type { ApiTokenService } from '../../services/accounts/api-token-service.ts';
import type { SessionService } from '../../services/accounts/session-service.ts';
import type { AppEnv } from '../env.ts';
import { sessionCookie } from './session-cookie.ts';

/** Routes anyone may reach: signing in, the stylesheet, liveness, the API description, enrollment. */
const PUBLIC_PATHS = new Set([
  '/login',
  '/favicon.ico',
  '/api/v1/health',
  '/api/v1/openapi.json',
  '/api/v1/enroll',
]);
const PUBLIC_PREFIXES = ['/static/'];
/** Pages a user with a one-time password may use before choosing a new password. */
const PASSWORD_CHANGE_PATHS = new Set(['/account/password', '/logout']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * Sets `principal` from an API token (`Authorization: Bearer pwt_...`) or a session cookie, or
 * refuses the request: the API with 401, a page by sending the browser to sign in. Requests made
 * with a session cookie that change something must carry the session's CSRF token (a form field
 * or a header) and, when the browser sends an Origin, come from this console's origin. A bearer
 * token is never sent by a browser on its own, so it needs neither.
 */
export function authenticate(deps: {
  sessions: SessionService;
  apiTokens: ApiTokenService;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    const unsafe = !SAFE_METHODS.has(c.req.method);
    if (unsafe) assertSameOrigin(c.req.header('Origin'), c.req.url);
    if (isPublicPath(path)) return next();

    const authorization = c.req.header('Authorization');
    if (authorization !== undefined && authorization !== '') {
      const match = /^Bearer +([A-Za-z0-9_-]{1,128})$/.exec(authorization);
      const principal = match?.[1] === undefined ? undefined : deps.apiTokens.resolve(match[1]);
      if (principal === undefined) {
        throw new PlantwatchError('unauthenticated', 'the API token is not valid, or was revoked or expired');
      }
      c.set('principal', principal);
      c.set('csrfToken', undefined);
      c.header('Cache-Control', 'no-store');
      return next();
    }

    const token = sessionCookie(c);
    const session = token === undefined ? undefined : deps.sessions.resolve(token);
    const isApi = path.startsWith('/api/');
    if (session === undefined) {
      if (!isApi && c.req.method === 'GET') {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      throw new PlantwatchError(
        'unauthenticated',
        isApi
          ? 'sign in, or send an API token as "Authorization: Bearer <token>"'
          : 'your session has ended: sign in again',
      );
    }
    if (session.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(path)) {
      if (isApi || unsafe) {
        throw new PlantwatchError(
          'permission_denied',
          'choose a new password first (your password was a one-time password)',
        );
      }
      return c.redirect('/account/password', 303);
    }
    if (unsafe) {
      const sent = c.req.header(CSRF_HEADER) ?? (await formCsrfToken(c.req));
      if (sent === undefined || !sameSecret(sent, session.csrfToken)) {
        throw new PlantwatchError(
          'permission_denied',
          'the form is out of date or did not come from this console: reload the page and try again',
        );
      }
    }
    c.set('principal', session.principal);
    c.set('csrfToken', session.csrfToken);
    c.header('Cache-Control', 'no-store');
    return next();
  };
}

async function formCsrfToken(req: {
  header(name: string): string | undefined;
  parseBody(options: { all: true }): Promise<Record<string, unknown>>;
}): Promise<string | undefined> {
  const type = req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
    return undefined;
  const value = (await req.parseBody({ all: true }))[CSRF_FIELD];
  return typeof value === 'string' ? value : undefined;
}

function assertSameOrigin(origin: string | undefined, requestUrl: string): void {
  if (origin === undefined) return;
  if (origin !== new URL(requestUrl).origin) {
    throw new PlantwatchError(
      'permission_denied',
      `cross-origin request from ${origin.slice(0, 100)} refused`,
    );
  }
}
