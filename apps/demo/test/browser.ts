import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download is possible or needed). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The flags that keep Chromium quiet and working as root on a machine with no network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page plus the list of every URL it requested, to prove which pages loaded Stripe.js. */
export async function openPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { context, page, requests };
}

/** True when the page requested the Stripe.js loader chunk (real or fake Stripe.js come only through it). */
export function loadedStripeJs(requests: string[]): boolean {
  return requests.some((url) => /load-demo-stripe|js\.stripe\.com/.test(url));
}

/** Runs axe on the page and returns the violations, each with its id and the elements involved. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Legacy mode runs axe in the page itself: the default opens a blank page per scan to merge the results of
  // frames, which costs seconds on 2 cores, and the demo's pages have no frames (the fake Payment Element is inline).
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** Keeps a screenshot of a key step in the ignored `test-results/screenshots` folder (CI artifacts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = new URL('../test-results/screenshots/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true });
}
