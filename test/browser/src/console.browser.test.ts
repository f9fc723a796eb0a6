import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchChromium } from './support/chromium.ts';
import { type BrowserFleet, PASSWORD, startBrowserFleet } from './support/fleet.ts';
import { SCRIPT } from './support/hostile.ts';

/** The console in a real headless Chromium: sign-in, drill-down, a decision, site scopes, hostile data. */

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
let chromium: LaunchedBrowser;
let fleet: BrowserFleet;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  fleet = await startBrowserFleet();
  chromium = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await chromium?.close();
  await fleet?.close();
});

interface Watched {
  page: Page;
  /** Console messages and page errors: a Content-Security-Policy report means something tried to run. */
  problems: string[];
}

async function signedIn(username: string): Promise<Watched> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().includes('Content Security Policy'))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${fleet.console.httpUrl}/`);
  // Not signed in: the console sends the browser to its sign-in page.
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([
    page
      .waitForURL((url) => url.pathname !== '/login', { timeout: 15_000 })
      .catch(async (error) => {
        throw new Error(
          `sign-in of ${username} did not leave /login: ${(await page.textContent('main'))?.slice(0, 300)} (${error})`,
        );
      }),
    page.click('button[type=submit]'),
  ]);
  expect(new URL(page.url()).pathname).toBe('/');
  return { page, problems };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the console in Chromium', () => {
  it('signs in and drills down from the fleet overview to a site, an asset, a diff of two versions and its history', async () => {
    const { page, problems } = await signedIn('ada');
    await expect(page.title()).resolves.toContain('Fleet');
    const overview = await page.textContent('main');
    expect(overview).toContain('plant-a');
    expect(overview).toContain('plant-b');
    await shot(page, 'fleet-overview');

    await Promise.all([page.waitForURL('**/sites/plant-a'), page.click('main a[href="/sites/plant-a"]')]);
    await shot(page, 'site');
    await Promise.all([
      page.waitForURL('**/sites/plant-a/assets/press-01'),
      page.click('main a[href="/sites/plant-a/assets/press-01"]'),
    ]);
    await shot(page, 'asset');
    // The diff between two versions, chosen with the form: the baseline (100) and the change (140).
    const diffForm = page.locator('#diff form');
    const options = await diffForm
      .locator('select[name=from] option')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value));
    expect(options.length).toBe(2);
    await diffForm.locator('select[name=from]').selectOption(options[1] as string);
    await diffForm.locator('select[name=to]').selectOption(options[0] as string);
    await Promise.all([page.waitForURL(/from=/), diffForm.locator('button[type=submit]').click()]);
    const diff = (await page.locator('#diff').textContent()) ?? '';
    expect(diff).toContain('setpoints[0]');
    expect(diff).toContain('100');
    expect(diff).toContain('140');
    await shot(page, 'asset-diff');
    await Promise.all([page.waitForURL('**/history'), page.click('a[href$="/press-01/history"]')]);
    expect(await page.textContent('main')).toContain('setpoints[0]');
    await shot(page, 'asset-history');
    expect(problems).toEqual([]);
  });

  it('lets an approver approve the open drift with a ticket', async () => {
    const { page, problems } = await signedIn('aaron');
    await page.goto(`${fleet.console.httpUrl}/drift`);
    await shot(page, 'drift-inbox');
    const link = page.locator('main a[href^="/drift/"]').first();
    await Promise.all([page.waitForURL(/\/drift\/\d+$/), link.click()]);
    await page.fill('#ticket', 'CHG-2044');
    await page.fill('#comment', 'recipe change for the winter run');
    await Promise.all([page.waitForURL(/done=approved/), page.click('button[name=decision][value=approve]')]);
    const detail = await page.textContent('main');
    expect(detail).toContain('approved by aaron');
    expect(detail).toContain('CHG-2044');
    await shot(page, 'drift-approved');

    // An inline form of a list: accept the first new asset into the inventory with an owner.
    await page.goto(`${fleet.console.httpUrl}/review`);
    const accept = page.locator('form[action$="/accept"]').first();
    await accept.locator('input[name=owner]').fill('Line 1 team');
    await accept.locator('input[name=purpose]').fill('stamping press');
    await Promise.all([page.waitForURL(/done=accepted/), accept.locator('button[type=submit]').click()]);
    await shot(page, 'review-accepted');
    expect(problems).toEqual([]);
  });

  it('keeps a viewer of plant-a out of plant-b: lists, URLs and exports', async () => {
    const { page, problems } = await signedIn('vera');
    const overview = await page.textContent('main');
    expect(overview).toContain('plant-a');
    expect(overview).not.toContain('plant-b');
    const site = await page.goto(`${fleet.console.httpUrl}/sites/plant-b`);
    expect(site?.status()).toBe(404);
    const asset = await page.goto(`${fleet.console.httpUrl}/sites/plant-b/assets/evil-01`);
    expect(asset?.status()).toBe(404);
    const exported = await page.request.get(`${fleet.console.httpUrl}/api/v1/export/inventory.csv`);
    expect(exported.status()).toBe(200);
    const csv = await exported.text();
    expect(csv).toContain('plant-a');
    expect(csv).not.toContain('plant-b');
    const api = await page.request.get(`${fleet.console.httpUrl}/api/v1/sites/plant-b`);
    expect(api.status()).toBe(404);
    // A viewer cannot decide either: the decision form is refused.
    const forbidden = await page.request.post(`${fleet.console.httpUrl}/api/v1/drift-records/1/decision`, {
      data: { decision: 'unauthorized', comment: 'x' },
    });
    expect(forbidden.status()).toBe(403);
    expect(problems.filter((problem) => !problem.includes('404'))).toEqual([]);
  });

  it('shows hostile device strings as text: no script runs and the layout holds', async () => {
    const { page, problems } = await signedIn('ada');
    for (const [name, url] of [
      ['hostile-asset', '/sites/plant-b/assets/evil-01'],
      ['hostile-site', '/sites/plant-b'],
      ['hostile-inventory', '/inventory?siteId=plant-b'],
      ['hostile-fleet', '/'],
    ] as const) {
      const response = await page.goto(`${fleet.console.httpUrl}${url}`);
      expect(response?.status(), url).toBe(200);
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
        url,
      ).toBeUndefined();
      // No element was injected: neither a script nor an image with a handler.
      expect(await page.locator('main script, main img').count(), url).toBe(0);
      expect(await horizontalOverflow(page), url).toBeLessThanOrEqual(0);
      await shot(page, name);
    }
    await page.goto(`${fleet.console.httpUrl}/sites/plant-b/assets/evil-01`);
    // What the device said is still there, as text, for the person to see.
    expect(await page.textContent('main')).toContain(SCRIPT);
    expect(problems).toEqual([]);
  });
});
