import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polledAt, pressWith } from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
const get = async (path: string) => {
  const response = await t.app.request(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const html = async (path: string) => (await t.app.request(path, { headers: { Accept: 'text/html' } })).text();

beforeAll(async () => {
  t = await createTestApp();
  t.ingest.ingest(
    inventoryMessage({ seq: 1 }, [polledAt(pressWith({ setpoint: 100 }), '2026-11-01T08:00:00Z')]),
  );
  t.ingest.ingest(
    inventoryMessage({ seq: 2 }, [polledAt(pressWith({ setpoint: 140 }), '2026-11-02T08:00:00Z')]),
  );
});
afterAll(async () => {
  await t.close();
});

describe('history API', () => {
  it('lists versions with their changes', async () => {
    const { body } = await get('/api/v1/sites/plant-a/assets/press-01/history');
    expect(body).toMatchObject({
      total: 2,
      items: [
        {
          observedAt: '2026-11-02T08:00:00.000Z',
          changes: [{ path: 'setpoints[0]', before: 100, after: 140 }],
        },
        {},
      ],
    });
  });

  it('answers as-of queries', async () => {
    expect(
      (await get('/api/v1/sites/plant-a/assets/press-01/config?at=2026-11-01T12:00:00Z')).body,
    ).toMatchObject({
      at: '2026-11-01T12:00:00.000Z',
      observedAt: '2026-11-01T08:00:00.000Z',
      state: { 'setpoints[0]': 100 },
    });
    expect((await get('/api/v1/sites/plant-a/assets/press-01/config')).body).toMatchObject({
      state: { 'setpoints[0]': 140 },
    });
    expect((await get('/api/v1/sites/plant-a/assets/press-01/config?at=2020-01-01T00:00:00Z')).status).toBe(
      404,
    );
    expect((await get('/api/v1/sites/plant-a/assets/press-01/config?at=noon')).status).toBe(400);
  });

  it('answers what changed at a site between two times', async () => {
    const { body } = await get(
      '/api/v1/sites/plant-a/changes?from=2026-11-01T12:00:00Z&to=2026-11-03T00:00:00Z',
    );
    expect(body).toMatchObject({
      total: 1,
      items: [{ assetId: 'press-01', versionCount: 1, changes: [{ before: 100, after: 140 }] }],
    });
    expect((await get('/api/v1/sites/plant-a/changes')).status).toBe(400);
    expect(
      (await get('/api/v1/sites/plant-a/changes?from=2026-11-03T00:00:00Z&to=2026-11-01T00:00:00Z')).status,
    ).toBe(400);
  });

  it('prunes on request, with an actor', async () => {
    const response = await t.app.request('/api/v1/history/prune', {
      method: 'POST',
      headers: t.authAs('admin', null, 'ops'),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ horizon: expect.any(String) });
  });
});

describe('history pages', () => {
  it('shows the timeline and the configuration as of a time', async () => {
    const page = await html('/sites/plant-a/assets/press-01/history?at=2026-11-01T12:00:00Z');
    expect(page).toContain('History of press-01');
    expect(page).toMatch(/<td><code>setpoints\[0\]<\/code><\/td><td><code>100<\/code>/);
    expect(page).toContain('href="/drift/1"');
    expect(await html('/sites/plant-a/assets/press-01/history?at=2020-01-01T00:00:00Z')).toContain(
      'No configuration of this asset is known',
    );
  });

  it('shows what changed at a site', async () => {
    const page = await html('/sites/plant-a/changes?from=2026-11-01T12:00:00Z&to=2026-11-03T00:00:00Z');
    expect(page).toContain('href="/sites/plant-a/assets/press-01"');
    expect(page).toContain('<code>140</code>');
  });
});
