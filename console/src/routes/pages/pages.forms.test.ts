import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetSnapshot, inventoryMessage } from '../../testing/messages.ts';
import { seedFleet } from '../../testing/seed.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** The action forms, posted as a browser without JavaScript posts them. */

let t: TestApp;

/** Posts a form as the signed-in user named by the `actor` entry (an admin), with its CSRF token. */
async function post(path: string, fields: [string, string][]) {
  const actor = fields.find(([name]) => name === 'actor')?.[1];
  const rest = fields.filter(([name]) => name !== 'actor');
  const session = actor === undefined ? undefined : await t.signIn(actor, 'admin');
  const response = await t.app.request(path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'text/html',
      ...(session === undefined ? {} : { Cookie: session.cookie }),
    },
    body: new URLSearchParams(session === undefined ? rest : [...rest, ['_csrf', session.csrf]]).toString(),
  });
  return { status: response.status, location: response.headers.get('Location'), text: await response.text() };
}
const html = async (path: string) => (await t.app.request(path, { headers: { Accept: 'text/html' } })).text();

beforeAll(async () => {
  t = await createTestApp();
  seedFleet(t.ingest);
  // A second drift record, on press-02.
  const changed = assetSnapshot({
    assetId: 'press-02',
    host: '10.0.0.6',
    values: [{ path: 'mode', class: 'config', value: 'x' }],
  });
  t.ingest.ingest(inventoryMessage({ seq: 10 }, [changed]));
});
afterAll(async () => {
  await t.close();
});

describe('decision forms', () => {
  it('shows the decision form on an undecided record, with the fingerprint the person saw', async () => {
    const page = await html('/drift/1');
    expect(page).toContain('action="/drift/1/decision"');
    expect(page).toContain('name="expectedFingerprint"');
  });

  it('refuses a form posted with a session but without its CSRF token, in an HTML error page', async () => {
    const { cookie } = await t.signIn('mallory-target', 'approver');
    const response = await t.app.request('/drift/1/decision', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', Cookie: cookie },
      body: new URLSearchParams([
        ['decision', 'approve'],
        ['ticket', 'T'],
        ['comment', 'c'],
      ]).toString(),
    });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain('Not allowed');
    expect(text).toContain('did not come from this console');
    expect(await html('/drift/1')).toContain('action="/drift/1/decision"');
  });

  it('approves with the form and redirects to the record, which now shows the decision', async () => {
    const result = await post('/drift/1/decision', [
      ['actor', 'alice'],
      ['decision', 'approve'],
      ['ticket', 'CHG-77'],
      ['comment', 'planned recipe'],
      ['expectedFingerprint', ''],
    ]);
    expect(result).toMatchObject({ status: 303, location: '/drift/1?done=approved' });
    const page = await html('/drift/1?done=approved');
    expect(page).toContain('Approved. The baseline now includes this change.');
    expect(page).toContain('approved by alice');
    expect(page).not.toContain('action="/drift/1/decision"');
  });

  it('decides the checked records of the inbox in bulk', async () => {
    const inbox = await html('/drift');
    expect(inbox).toContain('action="/drift/decisions"');
    expect(inbox).toContain('name="ids" value="2"');
    const result = await post('/drift/decisions', [
      ['actor', 'bob'],
      ['ids', '1'],
      ['ids', '2'],
      ['decision', 'unauthorized'],
      ['comment', 'nobody asked for this'],
    ]);
    expect(result).toMatchObject({ status: 303, location: '/drift?decided=1&failed=1' });
    expect(await html('/drift?decided=1&failed=1')).toContain('Decided 1 drift record.');
    expect(await html('/drift/2')).toContain('action="/drift/2/resolve"');
    expect(
      await post('/drift/2/resolve', [
        ['actor', 'bob'],
        ['note', 'restored'],
      ]),
    ).toMatchObject({ status: 303 });
    expect(await html('/drift/2')).toContain('restored');
  });
});

describe('change windows page', () => {
  it('creates and cancels a window with forms', async () => {
    const created = await post('/change-windows', [
      ['actor', 'carol'],
      ['siteId', 'plant-a'],
      ['assetIds', 'press-01, press-02'],
      ['startsAt', '2026-11-23T08:00:00Z'],
      ['endsAt', '2026-11-23T12:00:00Z'],
      ['ticket', 'CHG-5'],
      ['owner', 'OT maintenance'],
      ['description', ''],
    ]);
    expect(created).toMatchObject({ status: 303, location: '/change-windows?done=created#window-1' });
    const page = await html('/change-windows');
    expect(page).toContain('press-01, press-02');
    expect(page).toContain('CHG-5');
    expect(await post('/change-windows/1/cancel', [['actor', 'carol']])).toMatchObject({ status: 303 });
    expect(await html('/change-windows?includeCancelled=true')).toContain('cancelled by carol');
  });
});

describe('review and governance pages', () => {
  it('accepts a new asset from the review page and sets owners from the governance page', async () => {
    const review = await html('/review');
    expect(review).toContain('action="/review/1/accept"');
    const accepted = await post('/review/1/accept', [
      ['actor', 'dana'],
      ['owner', 'Line 1 team'],
      ['purpose', 'stamping'],
    ]);
    expect(accepted).toMatchObject({ status: 303, location: '/review?done=accepted' });
    expect(await html('/sites/plant-a/assets/press-01')).toContain('Line 1 team: stamping');

    const governance = await html('/governance');
    expect(governance).toContain('Agents without an owner (2)');
    const owned = await post('/governance/owners', [
      ['actor', 'dana'],
      ['entityType', 'agent'],
      ['siteId', 'plant-a'],
      ['entityId', 'gw-01'],
      ['owner', 'Plant IT'],
      ['purpose', 'gateway'],
      ['returnTo', 'governance'],
    ]);
    expect(owned).toMatchObject({ status: 303, location: '/governance?done=owner' });
    expect(await html('/governance')).toContain('Agents without an owner (1)');
  });

  it('creates and disables ignore rules from the governance page', async () => {
    const created = await post('/governance/ignore-rules', [
      ['actor', 'dana'],
      ['scope', 'global'],
      ['siteId', ''],
      ['pathPattern', 'counters[*]'],
      ['reason', 'counters move'],
    ]);
    expect(created).toMatchObject({ status: 303, location: '/governance?done=rule' });
    expect(await html('/governance')).toContain('<code>counters[*]</code>');
    expect(await post('/governance/ignore-rules/1/disable', [['actor', 'dana']])).toMatchObject({
      status: 303,
    });
    expect(await html('/governance')).toContain('v2 by dana');
  });
});
