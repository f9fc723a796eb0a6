import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'pw_session';

function overTls(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (not sent with another site's POST), Secure when the
 * console is served over TLS, and no Max-Age: the server decides when a session ends.
 */
export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: overTls(c), path: '/' });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: overTls(c) });
}

export function sessionCookie(c: Context): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  // Our tokens are 43 base64url characters; anything else is not worth a database look-up.
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** Only a path on this console: never `//evil.example` or an absolute URL (an open redirect). */
export function safeNextPath(next: string | undefined): string {
  if (next === undefined || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return '/';
  return next.length > 2_000 ? '/' : next;
}
