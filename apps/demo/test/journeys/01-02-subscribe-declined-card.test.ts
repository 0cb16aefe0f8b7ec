import { describe, expect, it } from 'vitest';
import { loadedStripeJs } from '../browser.js';
import { testCards } from '../customer.js';
import { setUpJourneyWorld } from '../journey-world.js';
import { termValue } from '../page-reading.js';
import { priceIdOf } from '../stripe-prices.js';

// Each journey of this file has an organisation of its own (Acme, then Globex) on its own test clock.
const world = setUpJourneyWorld();

// Journey 1: a new customer subscribes to Pro monthly with 4242, and the gated feature unlocks.
describe('journey 1: a new customer subscribes', () => {
  it('to Pro monthly with card 4242, and Analytics unlocks', async () => {
    const alice = await world.signIn('Alice', '01-subscribe');
    const { page } = alice;

    // The pricing page: every plan, Free included, Pro highlighted with its trial; no Stripe.js yet.
    const plans = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
    for (const plan of ['Free', 'Starter', 'Pro', 'Business']) {
      await plans.filter({ has: page.getByRole('heading', { name: plan, exact: true }) }).waitFor();
    }
    const pro = plans.filter({ has: page.getByRole('heading', { name: 'Pro', exact: true }) });
    await pro.getByText('$29').first().waitFor();
    await pro.getByText('14-day free trial').first().waitFor();
    await alice.checkPage();

    // Before buying, Analytics is locked and says where to get it.
    await alice.navigate('Analytics');
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await page.getByText('Analytics is part of Pro and Business.').waitFor();
    expect(await page.getByText('Your analytics dashboard').count()).toBe(0);
    await alice.checkPage();

    await page.getByRole('link', { name: 'See plans' }).click();
    await pro.getByRole('button', { name: 'Choose Pro' }).click();

    // Checkout: the card form is the first place Stripe.js (here the fake one) may load.
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await alice.fillCard(testCards.visa);
    expect(loadedStripeJs(alice.requestsSinceLoad()), 'card entry loads Stripe.js').toBe(true);
    const submit = page.getByRole('button', { name: /^(Subscribe|Start)/ });
    await expect.poll(() => submit.textContent()).toBe('Start free trial');
    await alice.checkPage({ cardEntry: true });
    await submit.click();

    // Success leads to the billing settings, showing the plan from the mirror.
    await page.waitForURL(/#\/billing$/);
    const plan = page.getByRole('region', { name: 'Your plan' });
    await plan.getByText('Pro', { exact: true }).waitFor();
    await plan.getByText('Trial', { exact: true }).waitFor();

    // A returning visit to billing settings (no card form open) loads no Stripe.js.
    await alice.load('/billing');
    await plan.getByText('Trial', { exact: true }).waitFor();
    await alice.checkPage();

    // The gated feature is unlocked.
    await alice.navigate('Analytics');
    await page.getByText('Your analytics dashboard').waitFor();
    expect(await page.getByText('Analytics is part of Pro and Business.').count()).toBe(0);
    await alice.checkPage();

    // Behind the page: the mirror equals Stripe, on Pro monthly, trialing, with analytics granted.
    const { state, stripe } = await alice.expectMirrorMatchesStripe();
    expect(stripe).toHaveLength(1);
    expect(stripe[0]).toMatchObject({
      status: 'trialing',
      priceId: await priceIdOf(world.demo.stripe, 'demo_pro_monthly'),
      quantity: 1,
      cancelAtPeriodEnd: false,
      scheduledChange: null,
    });
    expect(state.org.name).toBe('Acme Inc.');
    expect(state.entitlements.features).toContain('analytics');
    const events = await world.demo.store.listWebhookEvents();
    expect(
      events.some((event) => event.type === 'customer.subscription.created' && event.appliedAt),
      'the subscription reached the mirror through the webhook ledger too',
    ).toBe(true);

    await alice.close();
  });
});

// Journey 2: a declined card (4000 0000 0000 0002) shows a plain error; a second try with 4242 succeeds.
describe('journey 2: a declined card, then a good one', () => {
  it('says the card was declined in plain words, and the second card subscribes to Starter', async () => {
    const carol = await world.signIn('Carol', '02-declined-card');
    const { page } = carol;

    const starter = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Starter', exact: true }) });
    await starter.getByRole('button', { name: 'Choose Starter' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await carol.fillCard(testCards.declined);
    const submit = page.getByRole('button', { name: 'Subscribe for $9.00' });
    await submit.click();

    // A plain sentence, no Stripe internals, and the customer stays on the checkout to try again.
    const error = page.getByRole('alert').filter({ hasText: 'Your card was declined. Try another card.' });
    await error.waitFor();
    expect(await page.getByText(/card_declined|generic_decline|402/).count()).toBe(0);
    expect(page.url()).toMatch(/#\/checkout/);
    await carol.checkPage({ cardEntry: true });

    // Nothing was sold: no live subscription in Stripe, and the mirror agrees.
    const declined = await carol.expectMirrorMatchesStripe();
    expect(declined.stripe.filter((subscription) => subscription.status === 'active')).toEqual([]);

    await carol.fillCard(testCards.visa);
    await submit.click();
    await page.waitForURL(/#\/billing$/);
    const plan = page.getByRole('region', { name: 'Your plan' });
    await termValue(plan, 'Plan').getByText('Starter', { exact: true }).waitFor();
    await termValue(plan, 'Status').getByText('Active', { exact: true }).waitFor();

    await carol.load('/billing');
    const invoices = page.getByRole('region', { name: 'Invoices' });
    await invoices.getByRole('row').filter({ hasText: '$9.00' }).filter({ hasText: 'Paid' }).waitFor();
    await carol.checkPage();

    const { stripe, state } = await carol.expectMirrorMatchesStripe();
    const active = stripe.filter((subscription) => subscription.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({
      priceId: await priceIdOf(world.demo.stripe, 'demo_starter_monthly'),
      quantity: 1,
      cancelAtPeriodEnd: false,
      scheduledChange: null,
    });
    // Stripe charged the second card once, $9.00; the declined attempt charged nothing.
    const paid = await world.demo.stripe.invoices.list({ customer: state.customerId, status: 'paid' });
    expect(paid.data.map((invoice) => invoice.amount_paid)).toEqual([900]);

    await carol.close();
  });
});
