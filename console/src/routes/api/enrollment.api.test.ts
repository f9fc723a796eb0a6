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

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const createToken = async (headers: Record<string, string> = {}, siteId = 'plant-a') =>
  t.app.request(
    '/api/v1/enrollment-tokens',
    json({ siteId, owner: 'OT team', purpose: 'line 3', ttlMinutes: 10 }, headers),
  );
/** An agent has no session or API token: only its enrollment token. */
const enroll = (body: unknown) => t.app.request('/api/v1/enroll', json(body, { Authorization: '' }));

describe('enrollment API', () => {
  it('creates a token, enrolls an agent with it once, lists, rotates and revokes', async () => {
    const created = await createToken();
    expect(created.status).toBe(201);
    expect(created.headers.get('Cache-Control')).toBe('no-store');
    const { token, tokenId } = (await created.json()) as { token: string; tokenId: string };

    const enrolled = await t.app.request('/api/v1/enroll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(enrollRequest(token, agentKeys(), 'gw-7')),
    });
    expect(enrolled.status).toBe(201);
    expect(enrolled.headers.get('Cache-Control')).toBe('no-store');
    expect(await enrolled.json()).toMatchObject({
      agentId: 'gw-7',
      siteId: 'plant-a',
      mqtt: { username: 'gw-7', url: 'mqtt://127.0.0.1:1883' },
    });
    expect((await enroll(enrollRequest(token))).status).toBe(401);

    const tokens = await (await t.app.request('/api/v1/enrollment-tokens')).json();
    expect(tokens).toMatchObject({ total: 1, items: [{ tokenId, state: 'used', usedByAgentId: 'gw-7' }] });
    const identities = await (await t.app.request('/api/v1/agent-identities?siteId=plant-a')).json();
    expect(identities).toMatchObject({
      total: 1,
      items: [{ agentId: 'gw-7', owner: 'OT team', state: 'active' }],
    });

    const rotated = await t.app.request('/api/v1/agent-identities/gw-7/rotate', { method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(await rotated.json()).toMatchObject({ mqtt: { username: 'gw-7' } });
    const revoked = await t.app.request('/api/v1/agent-identities/gw-7/revoke', { method: 'POST' });
    expect(await revoked.json()).toMatchObject({ state: 'revoked' });
    expect((await t.app.request('/api/v1/agent-identities/gw-7/revoke', { method: 'POST' })).status).toBe(
      409,
    );
  });

  it('answers client errors with their codes', async () => {
    expect((await enroll({ token: 'x' })).status).toBe(400);
    expect((await enroll(enrollRequest(`pwenroll_${'a'.repeat(43)}`))).status).toBe(401);
    const bad = await t.app.request(
      '/api/v1/enrollment-tokens',
      json({ siteId: 'no/slash', owner: '', purpose: 'x', ttlMinutes: 0 }),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/siteId/);
    expect((await t.app.request('/api/v1/agent-identities/gw-none')).status).toBe(404);
  });
});

describe('enrollment API security', () => {
  it('needs the enroll permission and the site in scope to create tokens, revoke and rotate', async () => {
    expect((await createToken({ Authorization: '' })).status).toBe(401);
    expect((await createToken(t.authAs('viewer'))).status).toBe(403);
    expect((await createToken(t.authAs('approver'))).status).toBe(403);
    expect((await createToken(t.authAs('technician', ['plant-b']))).status).toBe(404);
    const created = await createToken(t.authAs('technician', ['plant-a']));
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    expect((await enroll(enrollRequest(token, agentKeys(), 'gw-1'))).status).toBe(201);

    const outsider = t.authAs('admin', ['plant-b']);
    const hidden = await t.app.request('/api/v1/agent-identities', { headers: outsider });
    expect(await hidden.json()).toMatchObject({ total: 0 });
    for (const action of ['revoke', 'rotate']) {
      const response = await t.app.request(`/api/v1/agent-identities/gw-1/${action}`, {
        method: 'POST',
        headers: outsider,
      });
      expect(response.status).toBe(404);
    }
    const viewer = await t.app.request('/api/v1/agent-identities/gw-1/revoke', {
      method: 'POST',
      headers: t.authAs('viewer'),
    });
    expect(viewer.status).toBe(403);
  });

  it('rate-limits enrollment attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) statuses.push((await enroll({ token: 'guess' })).status);
    expect(statuses.slice(0, 20).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
  });
});
