/** @jsxImportSource hono/jsx */
import type { Logger } from '@plantwatch/shared';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { contextStorage } from 'hono/context-storage';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { LoginLimiter } from '../auth/login-limiter.ts';
import type { ConsoleServices } from '../services/index.ts';
import { createAdminRoutes } from './admin/index.ts';
import { createApiRoutes } from './api/index.ts';
import { authenticate } from './auth/authenticate.ts';
import { createLoginRoutes } from './auth/login-routes.tsx';
import type { AppEnv } from './env.ts';
import { errorBody, type HttpError, NOT_FOUND, toHttpError } from './errors.ts';
import { ErrorPage } from './pages/error-page.tsx';
import { createPageRoutes, type PageOptions } from './pages/index.ts';

export interface AppOptions extends PageOptions {
  services: ConsoleServices;
  logger: Logger;
  /** Failed sign-ins per username and address; one per app by default. */
  loginLimiter?: LoginLimiter;
}

/** The console's HTTP application: the JSON API under /api/v1 and the pages everywhere else. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { services, logger } = options;
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(
    secureHeaders({
      // Not `no-referrer` (Hono's default): with it, Chromium sends `Origin: null` on the console's own
      // form posts and the same-origin check refuses them. `same-origin` still sends nothing elsewhere.
      referrerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
  );
  // Forms and JSON bodies are small; nothing a person sends needs more.
  app.use(bodyLimit({ maxSize: 1_048_576 }));
  // Lets the layout and form fields read the principal and CSRF token of the request being rendered.
  app.use(contextStorage());
  app.use(authenticate(services));
  // Browsers ask for it on every site; no icon, and no 404 in their consoles.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.route('/', createLoginRoutes(services, { limiter: options.loginLimiter }));
  app.route('/api/v1', createApiRoutes(services));
  app.route('/', createAdminRoutes(services));
  app.route('/', createPageRoutes(services, { mqttUrl: options.mqttUrl }));

  app.notFound((c) => renderError(c, NOT_FOUND));
  app.onError((error, c) => {
    const httpError = toHttpError(error);
    if (httpError.serverFault) {
      logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'request failed');
    }
    return renderError(c, httpError);
  });
  return app;
}

function renderError(c: Context<AppEnv>, error: HttpError): Response | Promise<Response> {
  const id = c.get('requestId') ?? 'unknown';
  // The API always answers in JSON; elsewhere a browser (asking for HTML) gets a page.
  const wantsHtml = !c.req.path.startsWith('/api/') && (c.req.header('Accept') ?? '').includes('text/html');
  if (wantsHtml) return c.html(<ErrorPage error={error} requestId={id} />, error.status);
  return c.json(errorBody(error, id), error.status);
}
