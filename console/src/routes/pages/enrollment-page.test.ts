import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentKeys, enrollRequest } from '../../testing/agent-keys.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const post = async (path: string, fields: [string, string][], headers: Record<string, string> = {}) => {
  const response = await t.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, response, text: await response.text() };
};
const page = async (headers: Record<string, string> = {}) =>
  (await t.app.request('/enrollment', { headers: { Accept: 'text/html', ...headers } })).text();

describe('enrollment page', () => {
  it('creates a token, shows it once with the enroll command, and lists it without the secret', async () => {
    const created = await post('/enrollment/tokens', [
      ['siteId', 'plant-a'],
      ['owner', 'OT <team>'],
      ['purpose', 'line 3'],
      ['ttlMinutes', '30'],
    ]);
    expect(created.status).toBe(201);
    expect(created.response.headers.get('Cache-Control')).toBe('no-store');
    const token = /--token (pwenroll_[A-Za-z0-9_-]+)/.exec(created.text)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(created.text).toContain('plantwatch-agent enroll --console http://localhost');
    // Owner text is escaped, and the token appears only in the answer that created it.
    expect(created.text).toContain('OT &lt;team&gt;');
    const later = await page();
    expect(later).toContain('plant-a');
    expect(later).not.toContain(token);
  });

  it('lists enrolled agents with owner and purpose, rotates and revokes them', async () => {
    const { token } = t.services.enrollment.createToken(
      { siteId: 'plant-a', owner: 'Line 3 team', purpose: 'press gateway', ttlMinutes: 60 },
      { kind: 'user', id: 'u1', actor: 'alice', role: 'technician', sites: null },
    );
    t.services.enrollment.redeem(enrollRequest(token, agentKeys(), 'gw-3'));
    const listed = await page();
    expect(listed).toContain('gw-3');
    expect(listed).toContain('Line 3 team');
    expect(listed).toContain('press gateway');
    expect(listed).toContain('by alice');
    expect(listed).toContain('action="/enrollment/agents/gw-3/revoke"');

    const rotated = await post('/enrollment/agents/gw-3/rotate', []);
    expect(rotated.status).toBe(201);
    expect(rotated.text).toContain('New MQTT password for agent');
    const revoked = await post('/enrollment/agents/gw-3/revoke', []);
    expect(revoked.status).toBe(303);
    expect(revoked.response.headers.get('Location')).toBe('/enrollment?done=revoked');
    expect(await page()).toContain('revoked by');
  });

  it('offers no token form or actions to a viewer, and refuses their posts', async () => {
    const viewer = t.authAs('viewer');
    const seen = await page(viewer);
    expect(seen).not.toContain('action="/enrollment/tokens"');
    const refused = await post(
      '/enrollment/tokens',
      [
        ['siteId', 'plant-a'],
        ['owner', 'x'],
        ['purpose', 'y'],
      ],
      viewer,
    );
    expect(refused.status).toBe(403);
  });
});
