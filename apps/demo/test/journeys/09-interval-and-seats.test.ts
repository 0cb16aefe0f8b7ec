import { describe, expect, it } from 'vitest';
import {
  advanceClock,
  expectPlanShown,
  planSection,
  previewAmountDueNow,
  subscribeThroughCheckout,
} from '../journey-steps.js';
import { setUpJourneyWorld } from '../journey-world.js';
import { centsOf, longDate, termValue } from '../page-reading.js';
import { priceIdOf } from '../stripe-prices.js';

// Journey 9: monthly to yearly (Acme, on Starter); and a seat change on Business (Globex).
describe('journey 9: change of interval, change of seats', () => {
  const world = setUpJourneyWorld();

  it('monthly to yearly: scheduled for the period end, then billed yearly', async () => {
    const alice = await world.signIn('Alice', '09-interval-and-seats');
    const { page } = alice;
    await subscribeThroughCheckout(alice, 'Starter', { submit: 'Subscribe for $9.00' });
    await expectPlanShown(page, 'Starter', 'Active');
    const monthly = await alice.expectMirrorMatchesStripe();
    const periodEnd = monthly.stripe[0]?.currentPeriodEnd ?? 0;
    const when = longDate(periodEnd);
    const starterYearly = await priceIdOf(world.demo.stripe, 'demo_starter_yearly');

    await alice.load('/billing');
    const switcher = page.getByRole('region', { name: 'Change plan' });
    await switcher.getByRole('radio', { name: 'Yearly' }).click();
    await switcher.getByText('$90.00 per year').first().waitFor();
    await switcher.getByText(`Changes to Starter on ${when}`).waitFor();
    await alice.checkPage();
    await switcher.getByRole('button', { name: `Change to Starter on ${when}` }).click();
    await page
      .getByRole('alertdialog', { name: 'Switch to Starter?' })
      .getByRole('button', { name: `Change to Starter on ${when}` })
      .click();
    await switcher.getByText(`Your plan changes to Starter on ${when}.`).waitFor();
    await planSection(page).getByText(`Changes to Starter on ${when}.`).waitFor();

    const scheduled = await alice.expectMirrorMatchesStripe();
    expect(scheduled.stripe[0]).toMatchObject({
      priceId: await priceIdOf(world.demo.stripe, 'demo_starter_monthly'),
      scheduledChange: { priceId: starterYearly, quantity: 1, effectiveAt: periodEnd },
    });
    expect(scheduled.state.mirror[0]?.scheduledChange).toMatchObject({ interval: 'year' });

    await advanceClock(alice, 'month');
    await termValue(planSection(page), 'Price').getByText('$90.00 per year').waitFor();
    await alice.load('/billing');
    await expectPlanShown(page, 'Starter', 'Active');
    await alice.checkPage();
    const yearly = await alice.expectMirrorMatchesStripe();
    expect(yearly.stripe[0]).toMatchObject({
      status: 'active',
      priceId: starterYearly,
      scheduledChange: null,
    });
    // The yearly period starts where the monthly one ended and lasts a year.
    expect((yearly.stripe[0]?.currentPeriodEnd ?? 0) - periodEnd).toBeGreaterThanOrEqual(365 * 86_400);
    const paid = await world.demo.stripe.invoices.list({ customer: yearly.state.customerId, status: 'paid' });
    expect(paid.data.map((invoice) => invoice.amount_paid).sort((a, b) => a - b)).toEqual([900, 9000]);
    await alice.close();
  });

  it('seats on Business: 2 at checkout, then 3, charged now as previewed', async () => {
    const carol = await world.signIn('Carol', '09-interval-and-seats');
    const { page } = carol;
    await subscribeThroughCheckout(carol, 'Business', { seats: 2, submit: 'Subscribe for $30.00' });
    await expectPlanShown(page, 'Business', 'Active');
    await termValue(planSection(page), 'Seats').getByText('2', { exact: true }).waitFor();
    const { state } = await carol.expectMirrorMatchesStripe();

    await carol.load('/billing');
    const switcher = page.getByRole('region', { name: 'Change plan' });
    await switcher.getByLabel('Seats', { exact: true }).fill('3');
    const confirm = switcher.getByRole('button', { name: /^Pay \$[\d.,]+ now and switch$/ });
    await confirm.waitFor();
    const dueNow = await previewAmountDueNow(page);
    await carol.checkPage();
    await confirm.click();
    await page
      .getByRole('alertdialog', { name: 'Switch to Business?' })
      .getByRole('button', { name: `Pay ${dueNow} now and switch` })
      .click();
    await switcher.getByText("You're now on Business.").waitFor();
    await termValue(planSection(page), 'Seats').getByText('3', { exact: true }).waitFor();
    await carol.load('/billing');
    await termValue(planSection(page), 'Seats').getByText('3', { exact: true }).waitFor();
    await carol.checkPage();

    const after = await carol.expectMirrorMatchesStripe();
    expect(after.stripe[0]).toMatchObject({
      status: 'active',
      priceId: await priceIdOf(world.demo.stripe, 'demo_business_monthly'),
      quantity: 3,
    });
    const invoices = await world.demo.stripe.invoices.list({ customer: state.customerId });
    const change = invoices.data.filter((invoice) => invoice.billing_reason === 'subscription_update');
    expect(change.map((invoice) => [invoice.status, invoice.amount_paid])).toEqual([
      ['paid', centsOf(dueNow)],
    ]);
    await carol.close();
  });
});
