import type { RequestIdVariables } from 'hono/request-id';

/** The Hono environment of every console app and sub-app. */
export interface AppEnv {
  Variables: RequestIdVariables;
}
