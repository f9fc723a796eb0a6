import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../testing/seed.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** Sign-in, sessions, CSRF, roles, API tokens and site scopes, through the real app and database. */

let t: TestApp;
let clock = new Date('2026-11-22T12:00:00.000Z');

const anonymous = { Authorization: '' };
async function request(path: string, init: RequestInit = {}) {
  const response = await t.app.request(path, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', ...headers },
  body: new URLSearchParams(fields).toString(),
});

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  seedFleet(t.ingest);
  // A second site, plant-b, with one asset.
  const { inventoryMessage, assetSnapshot } = await import('../../testing/messages.ts');
  t.ingest.ingest(
    inventoryMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 2 }, [
      assetSnapshot({ assetId: 'mixer-9', host: '10.0.9.9' }),
    ]),
  );
});
afterAll(async () => {
  await t.close();
});

describe('without credentials', () => {
  it('sends a browser to sign in, answers the API with 401, and leaves health, sign-in and the stylesheet open', async () => {
    const page = await request('/drift?state=open', { headers: { ...anonymous, Accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('Location')).toBe('/login?next=%2Fdrift%3Fstate%3Dopen');
    const api = await request('/api/v1/drift-records', { headers: anonymous });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.text)).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await request('/api/v1/health', { headers: anonymous })).status).toBe(200);
    expect((await request('/login', { headers: anonymous })).status).toBe(200);
    expect((await request('/static/app.css', { headers: anonymous })).status).toBe(200);
    expect((await request('/api/v1/sites', { headers: { Authorization: 'Bearer pwt_forged' } })).status).toBe(
      401,
    );
  });

  it('sends secure headers with a CSP that allows no script', async () => {
    const { headers } = await request('/login', { headers: anonymous });
    expect(headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(headers.get('Content-Security-Policy')).not.toContain('script-src');
    expect(headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
  });
});

describe('sign-in and sessions', () => {
  it('signs in with a session cookie that scripts cannot read, and never redirects off the console', async () => {
    await t.signIn('erin', 'viewer');
    const ok = await request(
      '/login',
      form({ username: 'erin', password: 'correct horse battery', next: '//evil.example/x' }, anonymous),
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe('/');
    const cookie = ok.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^pw_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const secure = await t.app.request(
      'https://console.example/login',
      form({ username: 'erin', password: 'correct horse battery' }, anonymous),
    );
    expect(secure.headers.get('Set-Cookie')).toContain('; Secure');
  });

  it('refuses a wrong password with one message for unknown users and wrong passwords', async () => {
    const wrong = await request(
      '/login',
      form({ username: 'erin', password: 'not the password' }, anonymous),
    );
    const unknown = await request(
      '/login',
      form({ username: 'nobody', password: 'not the password' }, anonymous),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('Wrong username or password.');
    expect(unknown.text).toContain('Wrong username or password.');
  });

  it('refuses a user after five failures, even with the right password, until the window passes', async () => {
    await t.signIn('frank', 'viewer');
    for (let i = 0; i < 5; i++) {
      expect(
        (await request('/login', form({ username: 'frank', password: `guess-${i}-xxxxxxx` }, anonymous)))
          .status,
      ).toBe(401);
    }
    const limited = await request(
      '/login',
      form({ username: 'frank', password: 'correct horse battery' }, anonymous),
    );
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('ends a session at sign-out and after eight idle hours', async () => {
    const { cookie, csrf } = await t.signIn('gina', 'viewer');
    expect((await request('/drift', { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await request('/logout', form({ _csrf: csrf }, { Cookie: cookie }));
    expect(out.status).toBe(303);
    expect((await request('/drift', { headers: { Cookie: cookie } })).status).toBe(303);

    const second = await t.signIn('gina', 'viewer');
    clock = new Date(clock.getTime() + 8 * 3_600_000 + 1_000);
    try {
      expect((await request('/api/v1/sites', { headers: { Cookie: second.cookie } })).status).toBe(401);
    } finally {
      clock = new Date('2026-11-22T12:00:00.000Z');
    }
  });

  it("refuses a session's change without its CSRF token, with another session's token, or from another origin", async () => {
    const alice = await t.signIn('alice-approver', 'approver');
    const bob = await t.signIn('bob-approver', 'approver');
    const rule = { scope: 'global', pathPattern: 'mode', reason: 'noise' };
    const json = (headers: Record<string, string>) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ decision: 'approve', ticket: 'T-1', comment: 'ok' }),
    });
    expect((await request('/api/v1/drift-records/1/decision', json({ Cookie: alice.cookie }))).status).toBe(
      403,
    );
    expect(
      (
        await request(
          '/api/v1/drift-records/1/decision',
          json({ Cookie: alice.cookie, 'X-CSRF-Token': bob.csrf }),
        )
      ).status,
    ).toBe(403);
    const crossOrigin = await request(
      '/api/v1/drift-records/1/decision',
      json({ Cookie: alice.cookie, 'X-CSRF-Token': alice.csrf, Origin: 'https://evil.example' }),
    );
    expect(crossOrigin.status).toBe(403);
    expect(rule.scope).toBe('global');
    const ok = await request(
      '/api/v1/drift-records/1/decision',
      json({ Cookie: alice.cookie, 'X-CSRF-Token': alice.csrf }),
    );
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ state: 'approved', decidedBy: 'alice-approver' });
  });

  it('makes a user with a one-time password choose a new one before anything else', async () => {
    const created = await t.services.users.create(
      { username: 'hank', role: 'viewer', sites: null },
      'test-setup',
    );
    const password = created.oneTimePassword ?? '';
    const signIn = await request('/login', form({ username: 'hank', password }, anonymous));
    expect(signIn.headers.get('Location')).toBe('/account/password');
    const cookie = (signIn.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
    expect((await request('/drift', { headers: { Cookie: cookie } })).headers.get('Location')).toBe(
      '/account/password',
    );
    expect((await request('/api/v1/sites', { headers: { Cookie: cookie } })).status).toBe(403);
    const page = await request('/account/password', { headers: { Cookie: cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const short = await request(
      '/account/password',
      form({ _csrf: csrf, current: password, next: 'short', repeat: 'short' }, { Cookie: cookie }),
    );
    expect(short.status).toBe(400);
    const changed = await request(
      '/account/password',
      form(
        { _csrf: csrf, current: password, next: 'a much longer secret', repeat: 'a much longer secret' },
        { Cookie: cookie },
      ),
    );
    expect(changed.status).toBe(303);
    expect((await request('/api/v1/sites', { headers: { Cookie: cookie } })).status).toBe(200);
  });
});

describe('roles', () => {
  it('lets a viewer read but not decide, and only admins of every site manage users', async () => {
    const viewer = t.authAs('viewer');
    expect((await request('/api/v1/drift-records', { headers: viewer })).status).toBe(200);
    const decide = await request('/api/v1/drift-records/2/decision', {
      method: 'POST',
      headers: { ...viewer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ decision: 'unauthorized', comment: 'x' }),
    });
    expect(decide.status).toBe(403);
    expect((await request('/api/v1/users', { headers: viewer })).status).toBe(403);
    expect(
      (await request('/admin/users', { headers: { ...t.authAs('admin', ['plant-a']), Accept: 'text/html' } }))
        .status,
    ).toBe(403);
    const created = await request('/api/v1/users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'ivy', role: 'approver', sites: ['plant-b'] }),
    });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text)).toMatchObject({
      user: { username: 'ivy', sites: ['plant-b'], mustChangePassword: true },
    });
    expect(JSON.parse(created.text).oneTimePassword).toMatch(/^\S{20}$/);
  });

  it('refuses a revoked or expired API token', async () => {
    const created = await request('/api/v1/tokens', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'ci export', role: 'viewer', expiresInDays: 1 }),
    });
    const { token, tokenId } = JSON.parse(created.text) as { token: string; tokenId: string };
    expect(token).toMatch(/^pwt_/);
    const headers = { Authorization: `Bearer ${token}` };
    expect((await request('/api/v1/sites', { headers })).status).toBe(200);
    clock = new Date(clock.getTime() + 86_400_000 + 1);
    try {
      expect((await request('/api/v1/sites', { headers })).status).toBe(401);
    } finally {
      clock = new Date('2026-11-22T12:00:00.000Z');
    }
    expect((await request(`/api/v1/tokens/${tokenId}/revoke`, { method: 'POST' })).status).toBe(200);
    expect((await request('/api/v1/sites', { headers })).status).toBe(401);
  });
});

describe('site scopes', () => {
  it('never shows a site-limited caller another site, in lists, by URL or in exports', async () => {
    const plantB = t.authAs('approver', ['plant-b']);
    const records = JSON.parse((await request('/api/v1/drift-records', { headers: plantB })).text) as {
      items: { siteId: string }[];
    };
    expect(records.items.every((record) => record.siteId === 'plant-b')).toBe(true);
    // Drift record 1 is at plant-a: as if it did not exist.
    expect((await request('/api/v1/drift-records/1', { headers: plantB })).status).toBe(404);
    expect((await request('/drift/1', { headers: { ...plantB, Accept: 'text/html' } })).status).toBe(404);
    const bulk = await request('/api/v1/drift-records/decisions', {
      method: 'POST',
      headers: { ...plantB, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [1], decision: 'unauthorized', comment: 'not mine' }),
    });
    expect(JSON.parse(bulk.text)).toMatchObject({ decided: [], failed: [{ id: 1, code: 'not_found' }] });
    expect((await request('/api/v1/sites/plant-a/assets/press-01/history', { headers: plantB })).status).toBe(
      404,
    );
    const review = JSON.parse((await request('/api/v1/review-queue', { headers: plantB })).text) as {
      items: { siteId: string }[];
    };
    expect(review.items.length).toBeGreaterThan(0);
    expect(review.items.every((item) => item.siteId === 'plant-b')).toBe(true);
    expect((await request('/api/v1/audit', { headers: plantB })).status).toBe(403);
    expect((await request('/api/v1/settings', { headers: plantB })).status).toBe(403);
    const inventory = await request('/api/v1/export/inventory.csv', { headers: plantB });
    expect(inventory.status).toBe(200);
    expect(inventory.text).toContain('mixer-9');
    expect(inventory.text).not.toContain('plant-a');
    const drift = await request('/api/v1/export/drift.json', { headers: plantB });
    expect(drift.status).toBe(200);
    expect(drift.text).not.toContain('plant-a');
    const everything = await request('/api/v1/export/drift.json');
    expect(everything.text).toContain('plant-a');
  });
});
