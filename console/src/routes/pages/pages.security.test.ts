import { buildTranscript } from '@plantwatch/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetSnapshot, driftMessage, inventoryMessage } from '../../testing/messages.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** Strings from devices are hostile: they must come out of every page as text. */

let t: TestApp;
const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';

async function html(path: string): Promise<string> {
  const response = await t.app.request(path, { headers: { Accept: 'text/html' } });
  expect(response.status).toBe(200);
  return response.text();
}

beforeAll(async () => {
  t = await createTestApp();
  const hostile = assetSnapshot({
    assetId: 'plc-7',
    identity: { vendor: SCRIPT, model: BREAKOUT, firmware: "M'&<b>" },
    values: [
      { path: 'setpoints[0]', class: 'config', value: SCRIPT },
      { path: 'mode', class: 'volatile', value: BREAKOUT, unit: '<i>' },
    ],
  });
  const failing = {
    ...assetSnapshot({ assetId: 'plc-8' }),
    fingerprint: null,
    poll: {
      ok: false,
      startedAt: '2026-11-22T10:00:00.000Z',
      durationMs: 1,
      requestCount: 1,
      transcript: buildTranscript(['modbus unit 1 FC 3 read holding 0 x1']),
      // The error message goes into a title attribute on the site page.
      error: { code: '<x>', message: BREAKOUT },
    },
  };
  t.ingest.ingest(inventoryMessage({ seq: 1 }, [hostile, failing]));
  // The same device changes to more hostile text: a drift record full of it.
  const worse = assetSnapshot({
    assetId: 'plc-7',
    identity: { vendor: BREAKOUT, model: SCRIPT, firmware: "M'&<b>" },
    values: [
      { path: 'setpoints[0]', class: 'config', value: BREAKOUT },
      { path: 'mode', class: 'volatile', value: BREAKOUT, unit: '<i>' },
    ],
  });
  t.ingest.ingest(inventoryMessage({ seq: 3 }, [worse]));
  // A switch reporting a neighbour with a hostile name: it reaches the review queue and network drift.
  const hostileSwitch = (names: string[]) =>
    assetSnapshot({
      assetId: 'sw-1',
      protocol: 'snmp',
      host: '10.0.0.2',
      port: 161,
      identity: { vendor: SCRIPT },
      values: [],
      links: names.map((name, index) => ({ source: 'lldp' as const, port: `<p${index}>`, remoteName: name })),
    });
  t.ingest.ingest(inventoryMessage({ seq: 4 }, [hostileSwitch([SCRIPT])]));
  t.ingest.ingest(inventoryMessage({ seq: 5 }, [hostileSwitch([SCRIPT, BREAKOUT])]));
  t.ingest.ingest(
    driftMessage(
      { seq: 2 },
      { assetId: 'plc-7', changes: [{ path: 'setpoints[0]', change: 'changed', before: 1, after: SCRIPT }] },
    ),
  );
});

afterAll(async () => {
  await t.close();
});

describe('pages, security', () => {
  it.each([
    '/',
    '/sites/plant-a',
    '/sites/plant-a/assets/plc-7',
    '/sites/plant-a/assets/plc-8',
    '/drift',
    '/drift/1',
    '/drift/2',
    '/sites/plant-a/assets/sw-1',
    '/review',
    '/governance',
    '/change-windows',
    '/sites/plant-a/assets/plc-7/history?at=2030-01-01T00:00:00Z',
    '/sites/plant-a/changes?from=2020-01-01T00:00:00Z',
    '/inventory',
    '/inventory?sort=vendor&dir=desc',
    '/agents',
  ])('%s renders device strings as text', async (path) => {
    const page = await html(path);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(page).not.toContain('<i>');
    expect(page).not.toContain('<x>');
  });

  it('shows the hostile strings escaped, so people still see what the device said', async () => {
    const page = await html('/sites/plant-a/assets/plc-7');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes a poll error message placed in an attribute', async () => {
    expect(await html('/sites/plant-a')).toContain('title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('sends a content security policy that allows no scripts, and other protective headers', async () => {
    const response = await t.app.request('/');
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('echoes no hostile query text into pages or errors unescaped', async () => {
    const response = await t.app.request(`/drift?siteId=${encodeURIComponent(SCRIPT)}`, {
      headers: { Accept: 'text/html' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('<script>alert');
  });
});
