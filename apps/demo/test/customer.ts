import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import type { Demo } from '../src/server/start-demo.js';
import { axeViolations, loadedStripeJs, openPage, screenshot } from './browser.js';
import type { DevState } from './dev-state.js';
import { expectMirrorMatchesStripe } from './stripe-mirror.js';

/** The seeded users: Alice and Bob are Acme, Carol and Dave are Globex. */
export type CustomerName = 'Alice' | 'Bob' | 'Carol' | 'Dave';

/** A test card typed into the (fake) Payment Element, spaced as a customer types it. */
export const testCards = {
  visa: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  threeDSecure: '4000 0025 0000 3155',
  chargeFails: '4000 0000 0000 0341',
} as const;

/** The buttons of the developer panel, named as the customer (developer) reads them. */
export type DevPanelAction = 'Advance 1 day' | 'Advance 1 month' | 'Fail next renewal' | 'Reset demo';

const devActionPaths: Record<DevPanelAction, string> = {
  'Advance 1 day': '/demo/dev/advance',
  'Advance 1 month': '/demo/dev/advance',
  'Fail next renewal': '/demo/dev/fail-next-renewal',
  'Reset demo': '/demo/dev/reset',
};

/** Long enough for a webhook round trip on a busy 2-core machine; no step ever sleeps for it. */
const STEP_TIMEOUT = 20_000;

/**
 * One person using the demo in a browser context of their own: drives it by roles and labels, and checks what a
 * journey checks on every page (axe, screenshots, which pages loaded Stripe.js) and behind it (mirror = Stripe).
 */
export interface Customer {
  readonly name: CustomerName;
  readonly page: Page;
  readonly context: BrowserContext;
  /** Full document load of a hash route (`/billing`), as opening a bookmark: starts a new Stripe.js count. */
  load(route: string): Promise<void>;
  /** Follows a link of the header's "Main" navigation. */
  navigate(label: 'Pricing' | 'Analytics' | 'Billing settings'): Promise<void>;
  /**
   * The checks of every page visited: zero axe violations, a screenshot, and unless the page has card entry, no
   * Stripe.js requested since the document loaded. Returns the screenshot's name.
   */
  checkPage(options?: { cardEntry?: boolean }): Promise<string>;
  /** Types a test card into the Payment Element's labelled fields (inside `within`, default the page). */
  fillCard(number: string, within?: Locator): Promise<void>;
  /** The developer panel (`<aside aria-label="Developer panel (demo only)">`). */
  devPanel(): Locator;
  /** Clicks a developer panel button and waits for its dev API answer. */
  devAction(action: DevPanelAction): Promise<void>;
  /** `GET /demo/dev/state` with this customer's cookie. */
  devState(): Promise<DevState>;
  /** Waits for webhooks, then checks that the mirror equals Stripe; returns the settled state. */
  expectMirrorMatchesStripe(): ReturnType<typeof expectMirrorMatchesStripe>;
  /** Every URL requested since the last full document load. */
  requestsSinceLoad(): string[];
  close(): Promise<void>;
}

/** Opens a fresh browser context, loads the demo and signs in as `name` on the sign-in page. */
export async function openCustomer(options: {
  demo: Demo;
  browser: Browser;
  name: CustomerName;
  nextScreenshot: () => string;
}): Promise<Customer> {
  const { demo, browser, name, nextScreenshot } = options;
  const { context, page, requests } = await openPage(browser);
  page.setDefaultTimeout(STEP_TIMEOUT);
  let loadedAt = 0;

  const customer: Customer = {
    name,
    page,
    context,
    async load(route) {
      // A hash-only change would not load a new document: leave the app first.
      await page.goto('about:blank');
      loadedAt = requests.length;
      await page.goto(`${demo.url}/#${route}`);
    },
    async navigate(label) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    },
    async checkPage({ cardEntry = false } = {}) {
      // Judge the page once its skeletons are gone (the dev panel polls, so the network is never idle).
      await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
      expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
      const shot = nextScreenshot();
      await screenshot(page, shot);
      if (!cardEntry) {
        expect(
          loadedStripeJs(customer.requestsSinceLoad()),
          `${page.url()} has no card entry and must not load Stripe.js (screenshot ${shot})`,
        ).toBe(false);
      }
      return shot;
    },
    async fillCard(number, within = page.locator('body')) {
      await within.getByLabel('Card number').fill(number);
      await within.getByLabel('Expiration date').fill('12 / 34');
      await within.getByLabel('Security code').fill('123');
      await within.getByLabel('Postal code').fill('12345');
    },
    devPanel: () => page.getByRole('complementary', { name: 'Developer panel (demo only)' }),
    async devAction(action) {
      const answered = page.waitForResponse(
        (response) =>
          new URL(response.url()).pathname === devActionPaths[action] &&
          response.request().method() === 'POST',
        { timeout: 45_000 },
      );
      await customer.devPanel().getByRole('button', { name: action, exact: true }).click();
      const response = await answered;
      expect(response.status(), `${action}: ${await response.text()}`).toBe(200);
    },
    async devState() {
      const response = await context.request.get(`${demo.url}/demo/dev/state`);
      expect(response.status(), `GET /demo/dev/state: ${await response.text()}`).toBe(200);
      return (await response.json()) as DevState;
    },
    expectMirrorMatchesStripe: () => expectMirrorMatchesStripe(demo, customer.devState),
    requestsSinceLoad: () => requests.slice(loadedAt),
    close: () => context.close(),
  };

  // What the page looked like when a step failed, beside the journey's screenshots.
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `${nextScreenshot()}-failed-${name.toLowerCase()}`);
  });
  await customer.load('/');
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}\\b`) }).click();
  await page.getByRole('combobox', { name: /^Signed in as/ }).waitFor();
  return customer;
}
