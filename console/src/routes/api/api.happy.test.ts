import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../testing/seed.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
const get = async (path: string) => {
  const response = await t.app.request(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  t = await createTestApp();
  seedFleet(t.ingest);
});

afterAll(async () => {
  await t.close();
});

describe('JSON API, happy paths', () => {
  it('reports health with the ingest counters', async () => {
    expect(await get('/api/v1/health')).toEqual({
      status: 200,
      body: { status: 'ok', ingest: { accepted: 6, duplicates: 0, rejected: {} } },
    });
  });

  it('lists sites with their counts', async () => {
    const { status, body } = await get('/api/v1/sites');
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        {
          siteId: 'plant-a',
          assetCount: 2,
          agentsOnline: 1,
          agentsOffline: 0,
          agentsTotal: 1,
          openDrift: 1,
          unauthorized: 0,
          unresolvedUnauthorized: 0,
          unownedAssets: 2,
          // press-02's last poll failed.
          newestPollAt: '2026-11-22T10:10:00.000Z',
          newestPollAgeMs: expect.any(Number),
          coveredTargets: expect.any(Number),
          configuredTargets: 1,
          outboxDepth: null,
          // The seed's status was sent at a fixed time, received now.
          maxClockSkewMs: expect.any(Number),
          lastSeenAt: expect.any(String),
        },
        {
          siteId: 'plant-b',
          assetCount: 1,
          agentsOnline: 0,
          agentsOffline: 0,
          agentsTotal: 1,
          openDrift: 0,
          unauthorized: 0,
          unresolvedUnauthorized: 0,
          unownedAssets: 1,
          newestPollAt: '2026-11-22T10:00:00.000Z',
          newestPollAgeMs: expect.any(Number),
          coveredTargets: expect.any(Number),
          // No status from gw-b1 yet: its reported assets stand in for its targets.
          configuredTargets: 1,
          outboxDepth: null,
          maxClockSkewMs: null,
          lastSeenAt: expect.any(String),
        },
      ],
      total: 2,
    });
  });

  it('shows one site with its agents, assets and open drift count', async () => {
    const { status, body } = await get('/api/v1/sites/plant-a');
    expect(status).toBe(200);
    expect(body).toMatchObject({ siteId: 'plant-a', openDrift: 1, assetCount: 2 });
    expect(body.agents).toMatchObject([{ agentId: 'gw-01', state: 'online', agentVersion: '0.1.0' }]);
    expect((body.assets as unknown[]).length).toBe(2);
  });

  it('lists assets, filtered by site and paged in SQL', async () => {
    const { body } = await get('/api/v1/assets?siteId=plant-a&limit=1&offset=1');
    expect(body.total).toBe(2);
    expect(body.items).toEqual([
      {
        siteId: 'plant-a',
        assetId: 'press-02',
        agentId: 'gw-01',
        protocol: 'modbus',
        host: '10.0.0.6',
        port: 502,
        unitId: 1,
        identity: { vendor: 'Acme', model: 'X1', firmware: '2.4.1' },
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        poll: expect.objectContaining({ ok: false }),
        lastPollAt: '2026-11-22T10:05:00.000Z',
        consecutiveFailures: 1,
      },
    ]);
    expect((await get('/api/v1/assets')).body.total).toBe(3);
  });

  it('shows an asset with values, baseline, versions, drift records and agent events', async () => {
    const { status, body } = await get('/api/v1/sites/plant-a/assets/press-01');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      siteId: 'plant-a',
      assetId: 'press-01',
      values: [{ path: 'setpoints[0]', class: 'config', value: 140, unit: 'rpm' }, {}, {}],
      poll: { ok: true },
      baseline: {
        source: 'initial',
        establishedBy: 'system',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      versions: [
        { fingerprint: body.fingerprint, observedAt: '2026-11-22T10:10:00.000Z' },
        { observedAt: '2026-11-22T10:00:00.000Z' },
      ],
      drift: [
        { kind: 'config', state: 'open', changes: [{ path: 'setpoints[0]', before: 100, after: 140 }] },
      ],
      agentEvents: [{ seq: 5, state: 'open', driftRecordId: expect.any(Number) }],
    });
  });

  it('lists drift records newest first with their changes, filtered', async () => {
    const { body } = await get('/api/v1/drift-records?siteId=plant-a&state=open');
    expect(body).toEqual({
      items: [
        expect.objectContaining({
          id: expect.any(Number),
          siteId: 'plant-a',
          agentId: 'gw-01',
          assetId: 'press-01',
          kind: 'config',
          class: 'config',
          severity: 'medium',
          state: 'open',
          changeWindowId: null,
          detectedAt: '2026-11-22T10:10:00.000Z',
          baselineFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          currentFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          changes: [{ path: 'setpoints[0]', change: 'changed', before: 100, after: 140 }],
          changeClasses: [{ path: 'setpoints[0]', class: 'config', severity: 'medium' }],
          ignoredChanges: [],
          decidedAt: null,
        }),
      ],
      total: 1,
    });
    expect((await get('/api/v1/drift-records?siteId=plant-b')).body).toEqual({ items: [], total: 0 });
    expect((await get('/api/v1/drift-records?state=approved,resolved')).body).toEqual({
      items: [],
      total: 0,
    });
    expect((await get('/api/v1/drift-records?severity=high')).body).toEqual({ items: [], total: 0 });
    expect(
      (await get('/api/v1/drift-records?class=config&from=2026-11-22T11:10:00%2B01:00')).body,
    ).toMatchObject({
      total: 1,
    });
    expect((await get('/api/v1/drift-records?to=2026-11-22T10:09:59Z')).body).toMatchObject({ total: 0 });
  });

  it('shows one drift record with both configurations and the linked agent event', async () => {
    const [first] = ((await get('/api/v1/drift-records')).body.items as { id: number }[]) ?? [];
    const { status, body } = await get(`/api/v1/drift-records/${first?.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      baselineState: { 'setpoints[0]': 100, mode: 'auto', 'identity.vendor': 'Acme' },
      currentState: { 'setpoints[0]': 140 },
      agentEvents: [{ seq: 5, changes: [{ path: 'setpoints[0]' }] }],
      changeWindow: null,
    });
  });

  it('keeps listing the agents own change events at /api/v1/drift, as before drift records', async () => {
    const { body } = await get('/api/v1/drift?siteId=plant-a&state=open');
    expect(body).toEqual({
      items: [
        {
          id: expect.any(Number),
          siteId: 'plant-a',
          agentId: 'gw-01',
          assetId: 'press-01',
          seq: 5,
          detectedAt: '2026-11-22T10:10:00.000Z',
          receivedAt: expect.any(String),
          previousFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          currentFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          state: 'open',
          changes: [{ path: 'setpoints[0]', change: 'changed', before: 100, after: 140 }],
          driftRecordId: expect.any(Number),
        },
      ],
      total: 1,
    });
    expect((await get('/api/v1/drift?siteId=plant-b')).body).toEqual({ items: [], total: 0 });
  });

  it('lists agents, filtered by site', async () => {
    expect((await get('/api/v1/agents?siteId=plant-b')).body).toEqual({
      items: [
        {
          agentId: 'gw-b1',
          siteId: 'plant-b',
          state: 'unknown',
          agentVersion: null,
          startedAt: null,
          lastSeenAt: expect.any(String),
          lastSeq: 1,
          targetCount: null,
          assetCount: 1,
          failingTargets: 0,
          coveredTargets: expect.any(Number),
          newestPollAt: '2026-11-22T10:00:00.000Z',
          newestPollAgeMs: expect.any(Number),
          // No status yet: nothing known of its outbox or clock.
          lastStatusAt: null,
          clockSkewMs: null,
          outboxDepth: null,
          outboxBytes: null,
          outboxOldestAgeMs: null,
          outboxDropped: null,
          sequenceGaps: { missing: 0, ranges: [], awaiting: 0 },
        },
      ],
      total: 1,
    });
  });
});
