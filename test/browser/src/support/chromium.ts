import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium (installed by .ci/run), or CHROMIUM_PATH. A missing browser fails the suite,
 * never skips it: browser tests that silently do not run prove nothing.
 */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(
      `no Chromium at ${candidate}: install Debian's chromium (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  return candidate;
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Headless Chromium with its profile and caches in a temp dir (nothing in $HOME). */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const home = await mkdtemp(path.join(tmpdir(), 'plantwatch-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    env: { ...process.env, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, HOME: home },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 30_000,
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
