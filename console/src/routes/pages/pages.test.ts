import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftMessage, inventoryMessage, statusMessage } from '../../testing/messages.ts';
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
    t.ingest.ingest(driftMessage({ seq: 3 }));
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

  it('shows an asset with identity, values by class, poll outcome and drift history', async () => {
    const html = await page('/sites/plant-a/assets/press-01');
    expect(html).toContain('Asset press-01');
    expect(html).toContain('Acme');
    expect(html).toContain('Configuration');
    expect(html).toContain('Process values');
    expect(html).toContain('degC');
    expect(html).toContain('Drift history');
    expect(html).toMatch(/<code>100<\/code>.*<code>140<\/code>/s);
  });

  it('lists drift newest first and filters by site', async () => {
    expect(await page('/drift')).toContain('href="/sites/plant-a/assets/press-01"');
    expect(await page('/drift?siteId=plant-b')).toContain('No drift detected at site plant-b');
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
    for (const path of ['/', '/sites/plant-a', '/sites/plant-a/assets/press-01', '/drift']) {
      const started = performance.now();
      await page(path);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });
});
