/** @jsxImportSource hono/jsx */
import { tryGetContext } from 'hono/context-storage';
import { CSRF_FIELD } from '../auth/authenticate.ts';
import type { AppEnv } from '../env.ts';

/**
 * The session's CSRF token, in every form that changes something: the authentication middleware
 * refuses a POST without it. Read from the request context so that no page has to pass it along.
 */
export function CsrfField() {
  const token = tryGetContext<AppEnv>()?.var.csrfToken;
  return token === undefined ? null : <input type="hidden" name={CSRF_FIELD} value={token} />;
}

/** A fixed message chosen by a code from the query string: never text taken from the URL. */
export function Notice({ code, messages }: { code: string | undefined; messages: Record<string, string> }) {
  const message = code === undefined ? undefined : messages[code];
  return message === undefined ? null : <p class="notice">{message}</p>;
}
