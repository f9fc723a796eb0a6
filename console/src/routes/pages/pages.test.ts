import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftMessage, inventoryMessage, statusMessage } from '../../testing/messages.ts';
import { SEED_CHANGED_PRESS } from '../../testing/seed.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;

async function page(path: string, expectedStatus = 200): Promise<string> {
  const response = await t.app.request(path, { headers: { Accept: 'text/html' } });
  expect(response.status).toBe(expectedStatus);
  expect(response.headers.get('Content-Type')).toContain('text/html');
  return response.text();
}

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe('pages on an empty console', () => {
  it('says how to connect an agent', async () => {
    const html = await page('/');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('No agents have reported yet');
    expect(html).toContain('mqtt://127.0.0.1:1883');
  });

  it('says there is no drift', async () => {
    expect(await page('/drift')).toContain('No drift detected');
  });
});

describe('pages with data', () => {
  beforeAll(() => {
    t.ingest.ingest(statusMessage({ seq: 1 }));
    t.ingest.ingest(inventoryMessage({ seq: 2 }));
    t.ingest.ingest(inventoryMessage({ seq: 3 }, [SEED_CHANGED_PRESS]));
    t.ingest.ingest(driftMessage({ seq: 4 }));
  });

  it('shows the fleet overview with totals and a row per site', async () => {
    const html = await page('/');
    expect(html).toContain('href="/sites/plant-a"');
    expect(html).toMatch(/Agents online<\/dt><dd>1 \/ 1<\/dd>/);
  });

  it('shows a site with its agents, assets and open drift', async () => {
    const html = await page('/sites/plant-a');
    expect(html).toContain('Site plant-a');
    expect(html).toContain('gw-01');
    expect(html).toContain('href="/sites/plant-a/assets/press-01"');
    expect(html).toContain('2.4.1');
    expect(html).toContain('setpoints[0]');
  });

  it('shows an asset with identity, baseline, values by class, poll outcome, drift and agent events', async () => {
    const html = await page('/sites/plant-a/assets/press-01');
    expect(html).toContain('Asset press-01');
    expect(html).toContain('Acme');
    expect(html).toContain('first snapshot');
    expect(html).toContain('Configuration');
    expect(html).toContain('Process values');
    expect(html).toContain('degC');
    expect(html).toContain('Agent-reported change events');
    expect(html).toMatch(/<code>100<\/code>.*<code>140<\/code>/s);
    expect(html).toContain('href="/drift/1"');
  });

  it('lists drift newest first and filters by site', async () => {
    expect(await page('/drift')).toContain('href="/sites/plant-a/assets/press-01"');
    expect(await page('/drift?siteId=plant-b')).toContain('No drift detected at site plant-b');
    expect(await page('/drift?state=open,planned&severity=medium&class=config')).toContain('href="/drift/1"');
  });

  it('shows a drift record with the baseline and observed configuration side by side', async () => {
    const html = await page('/drift/1');
    expect(html).toContain('Drift 1: config');
    expect(html).toMatch(
      /<tr class="changed"><td><code>setpoints\[0\]<\/code><\/td><td><code>100<\/code><\/td><td><code>140<\/code>/,
    );
    expect(html).toContain('<td><code>mode</code></td><td><code>&quot;auto&quot;</code></td>');
    expect(await page('/drift/99', 404)).toContain('no drift record 99');
  });

  it('serves the stylesheet', async () => {
    const response = await t.app.request('/static/app.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/css');
    expect(await response.text()).toContain('font-family');
  });

  it('answers an unknown site or page with an HTML 404 for a browser', async () => {
    expect(await page('/sites/nowhere', 404)).toContain('no site nowhere');
    expect(await page('/no/such/page', 404)).toContain('Not found');
    expect(await page('/drift?limit=zero', 400)).toContain('limit');
  });

  it('renders each page in well under 100 ms', async () => {
    for (const path of ['/', '/sites/plant-a', '/sites/plant-a/assets/press-01', '/drift', '/drift/1']) {
      const started = performance.now();
      await page(path);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });
});
