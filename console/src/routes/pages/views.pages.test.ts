import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pressWith, switchWith } from '../../testing/governance-fixture.ts';
import { assetSnapshot, inventoryMessage, statusMessage } from '../../testing/messages.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The fleet overview, site, inventory, asset and agent pages over two sites, read as an admin and
 * as a viewer limited to plant-a.
 */

let t: TestApp;
let viewer: Record<string, string>;
const LONG = `ctrl-${'x'.repeat(400)}`;

async function page(path: string, status = 200, headers: Record<string, string> = {}): Promise<string> {
  const response = await t.app.request(path, { headers: { Accept: 'text/html', ...headers } });
  expect(response.status, path).toBe(status);
  return response.text();
}

beforeAll(async () => {
  t = await createTestApp();
  t.ingest.ingest(statusMessage({ seq: 1 }, { targetCount: 3 }));
  t.ingest.ingest(
    inventoryMessage({ seq: 2 }, [
      pressWith(),
      switchWith([]),
      assetSnapshot({ assetId: 'plc-long', host: '10.0.0.7', identity: { vendor: LONG, model: LONG } }),
    ]),
  );
  t.ingest.ingest(inventoryMessage({ seq: 3 }, [pressWith({ setpoint: 140 })]));
  t.ingest.ingest(statusMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 1 }));
  t.ingest.ingest(
    inventoryMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 2 }, [
      assetSnapshot({ assetId: 'secret-plc', identity: { vendor: 'Hidden', model: 'H1' } }),
    ]),
  );
  viewer = t.authAs('viewer', ['plant-a']);
});

afterAll(async () => {
  await t.close();
});

describe('fleet overview page', () => {
  it('shows totals, a server-drawn trend chart and a sortable row per site', async () => {
    const html = await page('/');
    expect(html).toMatch(/Unowned assets<\/dt><dd><span class="alert">4<\/span>/);
    expect(html).toContain('<svg viewBox="0 0 640 200" role="img"');
    expect(html).toContain('class="chart-opened"');
    expect(html).toContain('href="/?sort=openDrift&amp;dir=desc&amp;limit=100"');
    expect(html).toContain('href="/sites/plant-b"');
    // No inline styles or scripts: the content security policy would block them.
    expect(html).not.toMatch(/ style=|<script/);
  });

  it('sorts in the direction asked and marks the sorted column', async () => {
    const html = await page('/?sort=assets&dir=desc');
    expect(html.indexOf('href="/sites/plant-a"')).toBeLessThan(html.indexOf('href="/sites/plant-b"'));
    expect(html).toContain('aria-sort="descending"');
    expect(await page('/?sort=assets&dir=asc')).toMatch(/plant-b[\s\S]*plant-a/);
    await page('/?sort=nonsense', 400);
  });
});

describe('site, inventory, asset and agent pages', () => {
  it('shows a site with its agents, assets by type and vendor, and recent changes linking to a diff', async () => {
    const html = await page('/sites/plant-a');
    expect(html).toContain('gw-01');
    expect(html).toMatch(/<td>network<\/td><td>snmp<\/td><td class="name">Netco<\/td>/);
    expect(html).toMatch(
      /href="\/sites\/plant-a\/assets\/press-01\?from=[0-9a-f]{64}&amp;to=[0-9a-f]{64}#diff"/,
    );
  });

  it('searches the inventory and exports the same filter', async () => {
    const html = await page('/inventory?vendor=acme&sort=asset&dir=desc');
    expect(html).toContain('href="/sites/plant-a/assets/press-01"');
    expect(html).not.toContain('switch-01');
    expect(html).toContain('href="/api/v1/export/inventory.csv?vendor=acme"');
    const csv = await (await t.app.request('/api/v1/export/inventory.csv?vendor=acme')).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
    expect(await page('/inventory?owned=no&class=network')).toContain('switch-01');
    expect(await page('/inventory?q=nothing-like-this')).toContain('No asset matches');
  });

  it('compares two configurations of an asset, by default the baseline with the current one', async () => {
    const html = await page('/sites/plant-a/assets/press-01');
    expect(html).toContain('<h2>Drift history</h2>');
    expect(html).toContain('<ol class="timeline">');
    expect(html).toMatch(
      /<code>setpoints\[0\]<\/code><\/td><td>changed<\/td><td><code>100<\/code><\/td><td><code>140/,
    );
    const versions = [...html.matchAll(/<option value="([0-9a-f]{64})"/g)].map((match) => match[1]);
    const [newest, oldest] = [...new Set(versions)];
    const reversed = await page(`/sites/plant-a/assets/press-01?from=${newest}&to=${oldest}`);
    expect(reversed).toMatch(/<td><code>140<\/code><\/td><td><code>100<\/code>/);
    await page(`/sites/plant-a/assets/press-01?from=${'0'.repeat(64)}&to=${newest}`, 404);
  });

  it('lists agents with a per-site health rollup and versions', async () => {
    const html = await page('/agents?sort=pollErrors&dir=desc');
    expect(html).toContain('Health per site');
    expect(html).toContain('href="/agents?version=0.1.0"');
    expect(html).toContain('gw-b1');
    // From the agents' status: outbox and clock, sortable; no outbox figures in these statuses.
    expect(html).toContain('href="/agents?sort=outbox&amp;dir=desc&amp;limit=100"');
    expect(html).toMatch(/class="alert" title="-?\d+ ms">[^<]+ (ahead|behind)</);
  });

  it('keeps very long device strings inside wrapping cells', async () => {
    const html = await page('/inventory?q=plc-long');
    expect(html).toContain(`<td class="name">${LONG}</td>`);
    const css = await (await t.app.request('/static/app.css')).text();
    expect(css).toMatch(/td\.name \{[^}]*overflow-wrap: anywhere/);
  });
});

describe('a viewer limited to plant-a', () => {
  it('sees only plant-a in the overview, the inventory, the agents and the exports', async () => {
    const overview = await page('/', 200, viewer);
    expect(overview).toContain('href="/sites/plant-a"');
    expect(overview).not.toContain('plant-b');
    expect(await page('/inventory?siteId=plant-b', 200, viewer)).toContain('No asset matches');
    expect(await page('/inventory?q=secret', 200, viewer)).not.toContain('secret-plc');
    expect(await page('/agents', 200, viewer)).not.toContain('gw-b1');
    const csv = await (await t.app.request('/api/v1/export/inventory.csv', { headers: viewer })).text();
    expect(csv).toContain('plant-a,press-01');
    expect(csv).not.toContain('plant-b');
  });

  it('gets not found for another site and its assets, even by URL', async () => {
    expect(await page('/sites/plant-b', 404, viewer)).not.toContain('secret-plc');
    await page('/sites/plant-b/assets/secret-plc', 404, viewer);
    await page('/sites/plant-b/assets/secret-plc/history', 404, viewer);
    await page('/sites/plant-b/changes?from=2020-01-01T00:00:00Z', 404, viewer);
    // An admin sees it.
    expect(await page('/sites/plant-b/assets/secret-plc')).toContain('Hidden');
  });
});
