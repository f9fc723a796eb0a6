import type { RequestIdVariables } from 'hono/request-id';
import type { Principal } from '../auth/principal.ts';

/** The Hono environment of every console app and sub-app. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    /** Set by the authentication middleware for every route except sign-in and health. */
    principal: Principal;
    /** The session's CSRF token (signed-in browsers only); every form carries it. */
    csrfToken: string | undefined;
  };
}
