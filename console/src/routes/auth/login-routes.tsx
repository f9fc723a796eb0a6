/** @jsxImportSource hono/jsx */
import { getConnInfo } from '@hono/node-server/conninfo';
import { PlantwatchError } from '@plantwatch/shared';
import { type Context, Hono } from 'hono';
import { createLoginLimiter, type LoginLimiter } from '../../auth/login-limiter.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { CsrfField } from '../pages/form-fields.tsx';
import { seeOther } from '../pages/forms.ts';
import { Layout } from '../pages/layout.tsx';
import { clearSessionCookie, safeNextPath, sessionCookie, setSessionCookie } from './session-cookie.ts';

export interface LoginRouteOptions {
  limiter?: LoginLimiter;
}

/** Sign in, sign out, and choosing a new password (required after a one-time password). */
export function createLoginRoutes(services: ConsoleServices, options: LoginRouteOptions = {}): Hono<AppEnv> {
  const limiter = options.limiter ?? createLoginLimiter();
  return new Hono<AppEnv>()
    .get('/login', (c) => c.html(<LoginPage next={safeNextPath(c.req.query('next'))} />))
    .post('/login', async (c) => {
      const form = await c.req.parseBody();
      const username = typeof form.username === 'string' ? form.username.slice(0, 64) : '';
      const password = typeof form.password === 'string' ? form.password : '';
      const next = safeNextPath(typeof form.next === 'string' ? form.next : undefined);
      const address = clientAddress(c);
      const keys = [
        `user:${username.trim().toLowerCase()}`,
        ...(address === undefined ? [] : [`addr:${address}`]),
      ];
      const waitMs = limiter.retryAfterMs(keys);
      if (waitMs > 0) {
        c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
        return c.html(
          <LoginPage
            next={next}
            username={username}
            message={`Too many failed sign-ins. Try again in ${Math.ceil(waitMs / 60_000)} minute(s).`}
          />,
          429,
        );
      }
      const user = await services.users.verifyLogin(username, password);
      if (user === undefined) {
        limiter.recordFailure(keys);
        return c.html(
          <LoginPage next={next} username={username} message="Wrong username or password." />,
          401,
        );
      }
      // Only the username's count is forgiven: one good account must not reset an address's failures.
      limiter.recordSuccess([keys[0] as string]);
      const previous = sessionCookie(c);
      if (previous !== undefined) services.sessions.end(previous);
      const session = services.sessions.create(user.userId);
      setSessionCookie(c, session.token);
      return seeOther(c, user.mustChangePassword ? '/account/password' : next);
    })
    .post('/logout', (c) => {
      const token = sessionCookie(c);
      if (token !== undefined) services.sessions.end(token);
      clearSessionCookie(c);
      return seeOther(c, '/login');
    })
    .get('/account/password', (c) => c.html(<PasswordPage mustChange={mustChange(c, services)} />))
    .post('/account/password', async (c) => {
      const principal = c.get('principal');
      if (principal.kind !== 'user')
        throw new PlantwatchError('invalid_argument', 'an API token has no password');
      const form = await c.req.parseBody();
      const current = typeof form.current === 'string' ? form.current : '';
      const next = typeof form.next === 'string' ? form.next : '';
      const repeat = typeof form.repeat === 'string' ? form.repeat : '';
      if (next !== repeat) {
        return c.html(
          <PasswordPage mustChange={mustChange(c, services)} message="The new passwords differ." />,
          400,
        );
      }
      try {
        await services.users.changePassword(principal.id, current, next);
      } catch (error) {
        if (error instanceof PlantwatchError && error.kind === 'client') {
          return c.html(<PasswordPage mustChange={mustChange(c, services)} message={error.message} />, 400);
        }
        throw error;
      }
      // Other sessions of this user end: whoever knew the old password is signed out.
      const token = sessionCookie(c);
      if (token !== undefined) services.sessions.endOthers(principal.id, token);
      return seeOther(c, '/?done=password');
    });
}

function mustChange(c: Context<AppEnv>, services: ConsoleServices): boolean {
  const principal = c.get('principal');
  return principal.kind === 'user' && services.users.get(principal.id).mustChangePassword;
}

/** The peer's address; undefined without a socket (app.request() in tests). */
function clientAddress(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

function LoginPage({ next, username, message }: { next: string; username?: string; message?: string }) {
  return (
    <Layout title="Sign in" signedOut>
      <section class="sign-in">
        <h1>Sign in to Plantwatch</h1>
        {message === undefined ? null : (
          <p class="notice error" role="alert">
            {message}
          </p>
        )}
        <form method="post" action="/login" class="stack">
          <input type="hidden" name="next" value={next} />
          <label for="username">Username</label>
          <input
            id="username"
            name="username"
            required
            maxlength={64}
            autocomplete="username"
            value={username ?? ''}
            autofocus
          />
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            required
            maxlength={256}
            autocomplete="current-password"
          />
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">
          No account yet? The first administrator's one-time password is printed in the console's log at its
          first start, or an administrator runs <code>plantwatch-console user add</code>.
        </p>
      </section>
    </Layout>
  );
}

function PasswordPage({ mustChange, message }: { mustChange: boolean; message?: string }) {
  return (
    <Layout title="Choose a password">
      <section class="sign-in">
        <h1>{mustChange ? 'Choose your own password' : 'Change your password'}</h1>
        {mustChange ? <p>You signed in with a one-time password. Choose a new one to go on.</p> : null}
        {message === undefined ? null : (
          <p class="notice error" role="alert">
            {message}
          </p>
        )}
        <form method="post" action="/account/password" class="stack">
          <CsrfField />
          <label for="current">Current password</label>
          <input id="current" name="current" type="password" required autocomplete="current-password" />
          <label for="next">New password (at least 12 characters)</label>
          <input
            id="next"
            name="next"
            type="password"
            required
            minlength={12}
            maxlength={256}
            autocomplete="new-password"
          />
          <label for="repeat">New password again</label>
          <input
            id="repeat"
            name="repeat"
            type="password"
            required
            minlength={12}
            maxlength={256}
            autocomplete="new-password"
          />
          <button type="submit">Save password</button>
        </form>
      </section>
    </Layout>
  );
}
