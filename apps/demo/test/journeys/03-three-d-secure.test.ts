import { describe, expect, it } from 'vitest';
import { type Customer, testCards } from '../customer.js';
import { expectPlanShown } from '../journey-steps.js';
import { setUpJourneyWorld } from '../journey-world.js';
import { termValue } from '../page-reading.js';
import { priceIdOf } from '../stripe-prices.js';

// Journey 3: a 3D Secure card (4000 0025 0000 3155): the challenge completed, then in another run failed. Each run
// is its own organisation (Acme completes, Globex fails), each in a fresh browser context.
describe('journey 3: 3D Secure at checkout', () => {
  const world = setUpJourneyWorld();

  async function payStarterWith3ds(customer: Customer, bank: 'Complete' | 'Fail') {
    const { page } = customer;
    const starter = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Starter', exact: true }) });
    await starter.getByRole('button', { name: 'Choose Starter' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await customer.fillCard(testCards.threeDSecure);
    await page.getByRole('button', { name: 'Subscribe for $9.00' }).click();

    // The bank's challenge (the fake Stripe.js plays the bank): an accessible modal dialog.
    const challenge = page.getByRole('dialog', { name: 'Authenticate your payment' });
    await challenge.waitFor();
    await customer.checkPage({ cardEntry: true });
    await challenge.getByRole('button', { name: bank, exact: true }).click();
  }

  it('completed: the subscription is active', async () => {
    const alice = await world.signIn('Alice', '03-three-d-secure');
    await payStarterWith3ds(alice, 'Complete');

    await alice.page.waitForURL(/#\/billing$/);
    const plan = alice.page.getByRole('region', { name: 'Your plan' });
    await termValue(plan, 'Status').getByText('Active', { exact: true }).waitFor();
    await alice.load('/billing');
    await termValue(plan, 'Plan').getByText('Starter', { exact: true }).waitFor();
    await alice.checkPage();

    const { stripe } = await alice.expectMirrorMatchesStripe();
    expect(stripe).toHaveLength(1);
    expect(stripe[0]).toMatchObject({
      status: 'active',
      priceId: await priceIdOf(world.demo.stripe, 'demo_starter_monthly'),
    });
    await alice.close();
  });

  it('failed: a plain error, nothing charged, no live subscription', async () => {
    const carol = await world.signIn('Carol', '03-three-d-secure');
    await payStarterWith3ds(carol, 'Fail');
    const { page } = carol;

    await page
      .getByRole('alert')
      .filter({ hasText: "Your bank couldn't confirm this payment. Try again or use another card." })
      .waitFor();
    expect(page.url()).toMatch(/#\/checkout/);
    await carol.checkPage({ cardEntry: true });

    // The billing settings show no paid plan, only the checkout left halfway.
    await carol.load('/billing');
    await expectPlanShown(page, 'Starter', 'Incomplete');
    await carol.checkPage();

    const { stripe, state } = await carol.expectMirrorMatchesStripe();
    expect(state.org.name).toBe('Globex Corp.');
    expect(stripe.map((subscription) => subscription.status)).toEqual(['incomplete']);
    const paid = await world.demo.stripe.invoices.list({ customer: state.customerId, status: 'paid' });
    expect(paid.data).toEqual([]);
    await carol.close();
  });
});
