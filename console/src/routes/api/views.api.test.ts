import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pressWith } from '../../testing/governance-fixture.ts';
import { assetSnapshot, inventoryMessage, statusMessage } from '../../testing/messages.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** The view API (sites, assets, agents, diffs) with its filters and sorts, as admin and as a scoped token. */

let t: TestApp;
let scoped: Record<string, string>;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await t.app.request(path, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await createTestApp();
  t.ingest.ingest(statusMessage({ seq: 1 }));
  t.ingest.ingest(inventoryMessage({ seq: 2 }, [pressWith()]));
  t.ingest.ingest(inventoryMessage({ seq: 3 }, [pressWith({ setpoint: 140 })]));
  t.ingest.ingest(
    inventoryMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 1 }, [
      pressWith(),
      assetSnapshot({ assetId: 'sw-9', protocol: 'snmp', port: 161, identity: { vendor: 'Netco' } }),
    ]),
  );
  t.ingest.ingest(
    inventoryMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 2 }, [pressWith({ setpoint: 7 })]),
  );
  scoped = t.authAs('viewer', ['plant-a']);
});

afterAll(async () => {
  await t.close();
});

describe('view API', () => {
  it('filters and sorts assets like the inventory', async () => {
    const { body } = await get('/api/v1/assets?class=network');
    expect(body).toMatchObject({ total: 1, items: [{ siteId: 'plant-b', assetId: 'sw-9' }] });
    const sorted = await get('/api/v1/assets?sort=site&dir=desc&vendor=acme');
    expect((sorted.body.items as { siteId: string }[]).map((item) => item.siteId)).toEqual([
      'plant-b',
      'plant-a',
    ]);
    expect((await get('/api/v1/assets?sort=password')).status).toBe(400);
    expect((await get('/api/v1/assets?protocol=ftp')).status).toBe(400);
  });

  it('sorts sites by any column and rolls agents up per site and version', async () => {
    const sites = await get('/api/v1/sites?sort=assets&dir=desc');
    expect((sites.body.items as { siteId: string }[]).map((site) => site.siteId)).toEqual([
      'plant-b',
      'plant-a',
    ]);
    expect((await get('/api/v1/agents/by-site')).body).toMatchObject({ total: 2 });
    expect((await get('/api/v1/agents/versions')).body).toEqual({
      items: [
        { agentVersion: null, agents: 1 },
        { agentVersion: '0.1.0', agents: 1 },
      ],
    });
  });

  it('diffs two versions of an asset', async () => {
    const asset = await get('/api/v1/sites/plant-a/assets/press-01');
    const [to, from] = (asset.body.versions as { fingerprint: string }[]).map(
      (version) => version.fingerprint,
    );
    const diff = await get(`/api/v1/sites/plant-a/assets/press-01/diff?from=${from}&to=${to}`);
    expect(diff.body.changes).toEqual([{ path: 'setpoints[0]', change: 'changed', before: 100, after: 140 }]);
    expect((await get(`/api/v1/sites/plant-a/assets/press-01/diff?from=${from}`)).status).toBe(400);
  });

  it('limits a scoped token to its sites: lists, counts, exports, and not found for the others', async () => {
    const sites = await get('/api/v1/sites', scoped);
    expect(sites.body).toMatchObject({ total: 1, items: [{ siteId: 'plant-a' }] });
    expect((await get('/api/v1/assets?siteId=plant-b', scoped)).body).toEqual({ items: [], total: 0 });
    expect((await get('/api/v1/assets', scoped)).body.total).toBe(1);
    expect((await get('/api/v1/agents', scoped)).body.total).toBe(1);
    expect((await get('/api/v1/agents/by-site', scoped)).body.total).toBe(1);
    expect((await get('/api/v1/sites/plant-b', scoped)).status).toBe(404);
    expect((await get('/api/v1/sites/plant-b/assets/press-01', scoped)).status).toBe(404);
    expect((await get('/api/v1/sites/plant-b/assets/sw-9/links', scoped)).status).toBe(404);
    const other = await get('/api/v1/sites/plant-b/assets/press-01');
    const [to, from] = (other.body.versions as { fingerprint: string }[]).map(
      (version) => version.fingerprint,
    );
    const diff = `/api/v1/sites/plant-b/assets/press-01/diff?from=${from}&to=${to}`;
    expect((await get(diff)).status).toBe(200);
    expect((await get(diff, scoped)).status).toBe(404);
    const json = await t.app.request('/api/v1/export/inventory.json', { headers: scoped });
    expect((JSON.parse(await json.text()) as { siteId: string }[]).map((row) => row.siteId)).toEqual([
      'plant-a',
    ]);
    const drift = await t.app.request('/api/v1/export/drift.json', { headers: scoped });
    const records = JSON.parse(await drift.text()) as { siteId: string }[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.siteId === 'plant-a')).toBe(true);
  });
});
