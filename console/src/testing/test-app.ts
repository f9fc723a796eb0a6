import type { Hono } from 'hono';
import type { Role } from '../auth/roles.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { createApp } from '../routes/app.tsx';
import type { AppEnv } from '../routes/env.ts';
import { type ConsoleServices, createConsoleCore } from '../services/index.ts';
import type { IngestService } from '../services/ingest-service.ts';
import { createMemoryLogger } from './memory-logger.ts';
import { createTempDir } from './temp-dir.ts';

export interface TestApp {
  /** Requests carry an admin API token (every site) unless they set their own Authorization. */
  app: Hono<AppEnv>;
  /** An `Authorization` header for a new API token with this role and these sites (null: every site). */
  authAs(role: Role, sites?: readonly string[] | null, name?: string): Record<string, string>;
  /**
   * Signs in a user (created with this role and sites on first use) as a browser does: returns the
   * session cookie header and the CSRF token its forms carry.
   */
  signIn(
    username: string,
    role?: Role,
    sites?: readonly string[] | null,
  ): Promise<{ cookie: string; csrf: string }>;
  ingest: IngestService;
  services: ConsoleServices;
  logLines: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The clock of the services (ingest receive times, decisions, audit). */
  now?: () => Date;
}

/** The HTTP app over a real SQLite file in a temp dir, fed through the real ingest service. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const temp = await createTempDir();
  let database: DatabaseHandle | undefined;
  try {
    database = openDatabase(temp.dir);
    const { ingest, services } = createConsoleCore({ db: database.db, now: options.now });
    const { logger, lines } = createMemoryLogger();
    const app = createApp({ services, logger, mqttUrl: 'mqtt://127.0.0.1:1883' });
    let tokens = 0;
    const authAs = (role: Role, sites: readonly string[] | null = null, name?: string) => {
      const { token } = services.apiTokens.create(
        { name: name ?? `test-${role}-${++tokens}`, role, sites: sites === null ? null : [...sites] },
        'test-setup',
      );
      return { Authorization: `Bearer ${token}` };
    };
    const adminAuth = authAs('admin');
    const request = app.request.bind(app);
    app.request = (input, init, ...rest) => {
      const headers = new Headers(init?.headers);
      if (!headers.has('Authorization') && !headers.has('Cookie')) {
        headers.set('Authorization', adminAuth.Authorization);
      }
      return request(input, { ...init, headers }, ...rest);
    };
    const password = 'correct horse battery';
    const signIn = async (username: string, role: Role = 'admin', sites: readonly string[] | null = null) => {
      if (!services.users.list().some((user) => user.username === username)) {
        await services.users.create(
          { username, role, sites: sites === null ? null : [...sites], password },
          'test-setup',
        );
      }
      const response = await request('/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
      });
      const cookie = (response.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
      if (response.status !== 303 || !cookie.startsWith('pw_session=')) {
        throw new Error(`sign-in of ${username} failed: HTTP ${response.status}`);
      }
      const page = await (await request('/account/password', { headers: { Cookie: cookie } })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
      if (csrf === undefined) throw new Error('no CSRF token on the page');
      return { cookie, csrf };
    };
    const handle = database;
    return {
      app,
      authAs,
      signIn,
      ingest,
      services,
      logLines: lines,
      async close() {
        handle.close();
        await temp.remove();
      },
    };
  } catch (error) {
    database?.close();
    await temp.remove();
    throw error;
  }
}
