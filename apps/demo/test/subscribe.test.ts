import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/server/start-demo.js';
import { axeViolations, launchChromium, loadedStripeJs, openPage, screenshot } from './browser.js';

// The walking skeleton, in a real browser: a new customer picks a paid monthly plan, pays with 4242, and the app
// shows the plan active as the server's own database holds it, written there by the signed webhook.
describe('a new customer subscribes', () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo({ port: 0, dataDir: null }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('to Pro monthly with card 4242, and sees it active from the webhook-written mirror', async () => {
    const { context, page, requests } = await openPage(browser);

    await page.goto(demo.url);
    await page.getByRole('button', { name: /Sign in as Alice/ }).click();

    const pro = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Pro' }) });
    await expect.poll(() => pro.getByText('$29').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'skeleton-1-pricing');
    expect(loadedStripeJs(requests), 'the pricing page must not load Stripe.js').toBe(false);

    await pro.getByRole('button', { name: 'Choose Pro' }).click();

    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiration date').fill('12 / 34');
    await page.getByLabel('Security code').fill('123');
    await page.getByLabel('Postal code').fill('12345');
    expect(loadedStripeJs(requests), 'the checkout loads Stripe.js when the card form mounts').toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'skeleton-2-checkout');

    await page.getByRole('button', { name: /^Subscribe/ }).click();
    await page.getByText(/You're subscribed to Pro/).waitFor({ timeout: 20_000 });
    await screenshot(page, 'skeleton-3-subscribed');

    // What the customer sees comes from the mirror (GET /subscriptions never calls Stripe)...
    await page.goto(`${demo.url}/#/billing`);
    await page.getByRole('heading', { name: 'Pro' }).waitFor();
    expect(await page.getByTestId('subscription-status').textContent()).toBe('Active');
    expect(await axeViolations(page)).toEqual([]);

    // ...and the mirror was written by the webhook pipeline: the ledger applied Stripe's invoice.paid.
    await demo.emulator?.flushWebhooks();
    const events = await demo.store.listWebhookEvents();
    const paid = events.find((event) => event.type === 'invoice.paid');
    expect(paid?.appliedAt, 'invoice.paid must be recorded and applied').toBeTruthy();

    await context.close();
  });
});
