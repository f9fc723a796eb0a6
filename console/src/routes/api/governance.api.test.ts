import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../testing/seed.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;

const tokens = new Map<string, Record<string, string>>();
/** As an admin API token named after the actor (the audit log records `token:<actor>`). */
async function call(method: string, path: string, body?: unknown, actor: string | null = 'alice') {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (actor !== null) {
    if (!tokens.has(actor)) tokens.set(actor, t.authAs('admin', null, actor));
    Object.assign(headers, tokens.get(actor));
  } else {
    headers.Authorization = 'Bearer pwt_not-a-real-token';
  }
  const response = await t.app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await createTestApp();
  seedFleet(t.ingest);
});
afterAll(async () => {
  await t.close();
});

const errorOf = (result: { body: Record<string, unknown> }) =>
  result.body.error as { code: string; message: string };

describe('actions need an authenticated actor with the right role', () => {
  it("refuses a change with an unknown token, and a viewer's change", async () => {
    const rule = { scope: 'global', pathPattern: 'mode', reason: 'noise' };
    const unknown = await call('POST', '/api/v1/ignore-rules', rule, null);
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown).code).toBe('unauthenticated');
    const viewer = await t.app.request('/api/v1/ignore-rules', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...t.authAs('viewer') },
      body: JSON.stringify(rule),
    });
    expect(viewer.status).toBe(403);
    expect((await call('GET', '/api/v1/ignore-rules')).body.total).toBe(0);
  });

  it('refuses a body that is not JSON, naming the problem', async () => {
    const result = await call('POST', '/api/v1/ignore-rules', '{"scope":');
    expect(result.status).toBe(400);
    expect(errorOf(result).message).toContain('JSON');
  });
});

describe('ignore rules API', () => {
  it('creates, versions, disables and lists rules', async () => {
    const created = await call('POST', '/api/v1/ignore-rules', {
      scope: 'model',
      model: 'X1',
      pathPattern: 'counters[*]',
      reason: 'vendor counters',
    });
    expect(created).toMatchObject({
      status: 201,
      body: { id: 1, version: 1, enabled: true, createdBy: 'token:alice', siteId: null },
    });
    const updated = await call(
      'PUT',
      '/api/v1/ignore-rules/1',
      { scope: 'global', pathPattern: 'counters*', reason: 'everywhere' },
      'bob',
    );
    expect(updated).toMatchObject({ status: 200, body: { version: 2, model: null, updatedBy: 'token:bob' } });
    expect((await call('POST', '/api/v1/ignore-rules/1/disable', undefined, 'carol')).body).toMatchObject({
      enabled: false,
      version: 3,
    });
    expect((await call('GET', '/api/v1/ignore-rules/1')).body).toMatchObject({
      versions: [{ version: 3 }, { version: 2 }, { version: 1, model: 'X1' }],
    });
    expect((await call('GET', '/api/v1/ignore-rules?enabled=false')).body).toMatchObject({ total: 1 });
    expect((await call('GET', '/api/v1/ignore-rules?enabled=true')).body).toMatchObject({ total: 0 });
  });

  it('answers 400 for a rule missing what its scope needs, and 404 for an unknown rule', async () => {
    const result = await call('POST', '/api/v1/ignore-rules', {
      scope: 'site',
      pathPattern: 'x',
      reason: 'r',
    });
    expect(result.status).toBe(400);
    expect(errorOf(result).message).toContain('siteId');
    expect((await call('POST', '/api/v1/ignore-rules/77/disable')).status).toBe(404);
  });
});

describe('settings API', () => {
  it('shows defaults, merges a partial update and names invalid paths', async () => {
    const initial = await call('GET', '/api/v1/settings');
    expect(initial.body).toMatchObject({
      severity: { firmware: 'high', program: 'critical', config: 'medium' },
      unreachableAfterPolls: 3,
      historyRetentionDays: 365,
      alerts: { webhooks: [], syslog: [] },
    });
    const updated = await call('PUT', '/api/v1/settings', {
      severity: { network: 'high' },
      unreachableAfterPolls: 5,
    });
    expect(updated.body).toMatchObject({
      severity: { network: 'high', config: 'medium' },
      unreachableAfterPolls: 5,
    });
    const bad = await call('PUT', '/api/v1/settings', { severity: { network: 'extreme' }, bogus: 1 });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toContain('severity.network');
  });

  it('never shows a webhook secret, and keeps it when a target is sent back without one', async () => {
    const webhook = { id: 'soc', url: 'https://soc.example/hook', secret: 'sixteen-chars-secret' };
    const saved = await call('PUT', '/api/v1/settings', { alerts: { webhooks: [webhook] } });
    expect(JSON.stringify(saved.body)).not.toContain('sixteen-chars-secret');
    const shown = (saved.body.alerts as { webhooks: Record<string, unknown>[] }).webhooks;
    expect(shown).toEqual([expect.objectContaining({ id: 'soc', secretSet: true, minSeverity: 'medium' })]);
    const again = await call('PUT', '/api/v1/settings', {
      alerts: { webhooks: [{ ...shown[0], minSeverity: 'high' }] },
    });
    expect(again.status).toBe(200);
    expect(t.services.settings.current().alerts.webhooks[0]).toMatchObject({
      secret: 'sixteen-chars-secret',
      minSeverity: 'high',
    });
    const audit = await t.app.request('/api/v1/settings');
    expect(await audit.text()).not.toContain('sixteen-chars-secret');
  });
});

describe('drift decisions API', () => {
  const firstRecordId = async () =>
    ((await call('GET', '/api/v1/drift-records?siteId=plant-a')).body.items as { id: number }[])[0]?.id ?? 0;

  it('approves with a ticket and a comment, and refuses a second decision', async () => {
    const id = await firstRecordId();
    const missing = await call('POST', `/api/v1/drift-records/${id}/decision`, {
      decision: 'approve',
      comment: 'ok',
    });
    expect(missing.status).toBe(400);
    expect(errorOf(missing).message).toContain('ticket');
    const noComment = await call('POST', `/api/v1/drift-records/${id}/decision`, {
      decision: 'approve',
      ticket: 'T-1',
    });
    expect(noComment.status).toBe(400);
    const approved = await call('POST', `/api/v1/drift-records/${id}/decision`, {
      decision: 'approve',
      ticket: 'CHG-1001',
      comment: 'recipe change',
    });
    expect(approved).toMatchObject({
      status: 200,
      body: { id, state: 'approved', ticket: 'CHG-1001', decidedBy: 'token:alice' },
    });
    const again = await call('POST', `/api/v1/drift-records/${id}/decision`, {
      decision: 'unauthorized',
      comment: 'x',
    });
    expect(again.status).toBe(409);
    const asset = await call('GET', '/api/v1/sites/plant-a/assets/press-01');
    expect(asset.body.baseline).toMatchObject({
      source: 'approval',
      driftRecordId: id,
      fingerprint: asset.body.fingerprint,
    });
  });

  it('decides in bulk and resolves unauthorized drift', async () => {
    const result = await call('POST', '/api/v1/drift-records/decisions', {
      ids: [1, 99],
      decision: 'unauthorized',
      comment: 'c',
    });
    expect(result).toMatchObject({
      status: 200,
      body: {
        decided: [],
        failed: [
          { id: 1, code: 'conflict' },
          { id: 99, code: 'not_found' },
        ],
      },
    });
    expect(
      (await call('POST', '/api/v1/drift-records/decisions', { ids: [], decision: 'approve', comment: 'c' }))
        .status,
    ).toBe(400);
    expect((await call('POST', '/api/v1/drift-records/1/resolve', { note: 'n' })).status).toBe(409);
  });
});

describe('change windows API', () => {
  it('creates, lists and cancels windows', async () => {
    const window = {
      siteId: 'plant-a',
      startsAt: '2026-11-23T08:00:00Z',
      endsAt: '2026-11-23T12:00:00Z',
      ticket: 'CHG-9',
      owner: 'OT team',
    };
    const created = await call('POST', '/api/v1/change-windows', window);
    expect(created).toMatchObject({
      status: 201,
      body: { id: 1, assetIds: [], createdBy: 'token:alice', startsAt: '2026-11-23T08:00:00.000Z' },
    });
    expect((await call('GET', '/api/v1/change-windows?activeAt=2026-11-23T09:00:00Z')).body).toMatchObject({
      total: 1,
    });
    expect((await call('GET', '/api/v1/change-windows?activeAt=2026-11-23T13:00:00Z')).body).toMatchObject({
      total: 0,
    });
    expect((await call('POST', '/api/v1/change-windows/1/cancel', undefined, 'bob')).body).toMatchObject({
      cancelledBy: 'token:bob',
    });
    expect((await call('GET', '/api/v1/change-windows')).body).toMatchObject({ total: 0 });
    expect((await call('GET', '/api/v1/change-windows?includeCancelled=true')).body).toMatchObject({
      total: 1,
    });
    expect((await call('POST', '/api/v1/change-windows', { ...window, siteId: 'nowhere' })).status).toBe(404);
  });
});

describe('review queue, owners and gaps API', () => {
  it('lists the queue, accepts with an owner and ignores with a note', async () => {
    const queue = await call('GET', '/api/v1/review-queue?status=pending&siteId=plant-a');
    expect(queue.body).toMatchObject({
      total: 2,
      items: [{ itemKey: 'asset:press-01' }, { itemKey: 'asset:press-02' }],
    });
    const [first, second] = queue.body.items as { id: number }[];
    const accepted = await call('POST', `/api/v1/review-queue/${first?.id}/accept`, {
      owner: 'Line 1',
      purpose: 'press',
    });
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: 'token:alice' });
    expect(
      (await call('POST', `/api/v1/review-queue/${first?.id}/accept`, { owner: 'x', purpose: 'y' })).status,
    ).toBe(409);
    expect((await call('POST', `/api/v1/review-queue/${second?.id}/accept`, { owner: 'x' })).status).toBe(
      400,
    );
    expect(
      (await call('POST', `/api/v1/review-queue/${second?.id}/ignore`, { note: 'spare' })).body,
    ).toMatchObject({ status: 'ignored' });
  });

  it('sets owners of assets and agents and lists the gaps', async () => {
    const before = await call('GET', '/api/v1/governance/gaps?type=agent');
    expect(before.body).toMatchObject({ total: 2, counts: { agents: 2 } });
    expect(
      (await call('PUT', '/api/v1/agents/gw-01/owner', { owner: 'Plant IT', purpose: 'gateway' })).status,
    ).toBe(200);
    expect(
      (
        await call('PUT', '/api/v1/sites/plant-b/assets/press-01/owner', {
          owner: 'B team',
          purpose: 'press',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('PUT', '/api/v1/sites/plant-b/assets/nope/owner', { owner: 'B team', purpose: 'press' }))
        .status,
    ).toBe(404);
    const after = await call('GET', '/api/v1/governance/gaps');
    // press-01 at plant-a was accepted with an owner, press-02 ignored, plant-b's press now owned.
    expect(after.body).toMatchObject({ items: [], total: 0, counts: { assets: 0, agents: 1 } });
  });
});

describe('audit API', () => {
  it('lists what people did, newest first, and verifies the chain', async () => {
    const list = await call('GET', '/api/v1/audit?actor=token:alice&action=drift.approved');
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ actor: 'token:alice', action: 'drift.approved', details: { ticket: 'CHG-1001' } }],
    });
    expect((await call('GET', '/api/v1/audit?from=2000-01-01T00:00:00Z')).body.total).toBeGreaterThan(5);
    expect((await call('GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, problem: null });
    const page = await t.app.request('/audit?verify=1', { headers: { Accept: 'text/html' } });
    expect(await page.text()).toContain('Hash chain intact');
  });
});

describe('alerts API', () => {
  it('lists alerts and the delivery log, empty without targets', async () => {
    expect((await call('GET', '/api/v1/alerts')).body).toEqual({ items: [], total: 0 });
    expect((await call('GET', '/api/v1/alerts/deliveries?outboxId=1')).body).toEqual({ items: [], total: 0 });
    expect((await call('GET', '/api/v1/alerts?state=lost')).status).toBe(400);
  });
});
