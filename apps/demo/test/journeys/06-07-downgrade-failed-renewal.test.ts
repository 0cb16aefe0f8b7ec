import { describe, expect, it } from 'vitest';
import { testCards } from '../customer.js';
import { advanceClock, expectPlanShown, planSection, subscribeThroughCheckout } from '../journey-steps.js';
import { setUpJourneyWorld } from '../journey-world.js';
import { longDate } from '../page-reading.js';
import { priceIdOf } from '../stripe-prices.js';

// Each journey of this file has an organisation of its own (Acme, then Globex) on its own test clock.
const world = setUpJourneyWorld();

// Journey 6: downgrade to Starter: scheduled for the period end, shown as scheduled, applied once the clock passes it.
describe('journey 6: downgrade Pro to Starter', () => {
  it('is scheduled for the period end and applied when the clock passes it', async () => {
    const alice = await world.signIn('Alice', '06-downgrade');
    const { page } = alice;
    await subscribeThroughCheckout(alice, 'Pro', { submit: 'Start free trial' });
    await advanceClock(alice, 'month');
    await expectPlanShown(page, 'Pro', 'Active');
    const paidPro = await alice.expectMirrorMatchesStripe();
    const periodEnd = paidPro.stripe[0]?.currentPeriodEnd ?? 0;
    const starterMonthly = await priceIdOf(world.demo.stripe, 'demo_starter_monthly');

    await alice.load('/billing');
    const switcher = page.getByRole('region', { name: 'Change plan' });
    await switcher.getByRole('radio', { name: 'Starter' }).click();
    const when = longDate(periodEnd);
    await switcher.getByText(`Changes to Starter on ${when}`).waitFor();
    const confirm = switcher.getByRole('button', { name: `Change to Starter on ${when}` });
    await alice.checkPage();
    await confirm.click();
    const dialog = page.getByRole('alertdialog', { name: 'Switch to Starter?' });
    await dialog
      .getByText(`You keep Pro until ${when}, then Starter starts. Nothing is charged today.`)
      .waitFor();
    await dialog.getByRole('button', { name: `Change to Starter on ${when}` }).click();
    await switcher.getByText(`Your plan changes to Starter on ${when}.`).waitFor();

    // Shown as scheduled, still Pro until then.
    await alice.load('/billing');
    await expectPlanShown(page, 'Pro', 'Active');
    await planSection(page).getByText(`Changes to Starter on ${when}.`).waitFor();
    await alice.checkPage();
    const scheduled = await alice.expectMirrorMatchesStripe();
    expect(scheduled.stripe[0]).toMatchObject({
      status: 'active',
      priceId: await priceIdOf(world.demo.stripe, 'demo_pro_monthly'),
      scheduledChange: { priceId: starterMonthly, quantity: 1, effectiveAt: periodEnd },
    });
    const invoicesBefore = await world.demo.stripe.invoices.list({ customer: scheduled.state.customerId });

    // Past the period end, Starter applies and is billed at Starter's price; Analytics (a Pro feature) locks.
    const now = await advanceClock(alice, 'month');
    expect(now).toBeGreaterThan(periodEnd);
    await expectPlanShown(page, 'Starter', 'Active');
    expect(
      await planSection(page)
        .getByText(/Changes to Starter/)
        .count(),
    ).toBe(0);
    await alice.checkPage();
    await alice.navigate('Analytics');
    await page.getByText('Analytics is part of Pro and Business.').waitFor();
    await alice.checkPage();

    const applied = await alice.expectMirrorMatchesStripe();
    expect(applied.stripe[0]).toMatchObject({
      status: 'active',
      priceId: starterMonthly,
      scheduledChange: null,
    });
    expect(applied.state.entitlements.features).not.toContain('analytics');
    const invoicesAfter = await world.demo.stripe.invoices.list({ customer: applied.state.customerId });
    const newInvoices = invoicesAfter.data.filter(
      (invoice) => !invoicesBefore.data.some((old) => old.id === invoice.id),
    );
    expect(newInvoices.map((invoice) => [invoice.amount_paid, invoice.status])).toEqual([[900, 'paid']]);
    await alice.close();
  });
});

// Journey 7: the renewal fails (card 4000 0000 0000 0341), the past-due banner appears, Analytics follows the grace
// rule, and a new card with "pay now" makes the subscription active again.
describe('journey 7: a failed renewal and its recovery', () => {
  it('goes past due with a grace period, and a new card pays it', async () => {
    const carol = await world.signIn('Carol', '07-failed-renewal');
    const { page } = carol;
    // Business (one seat) has Analytics and no trial, so its renewal falls exactly a month after the checkout: the
    // month the panel advances ends on it, before the first dunning retry.
    await subscribeThroughCheckout(carol, 'Business', { seats: 1, submit: 'Subscribe for $15.00' });
    await expectPlanShown(page, 'Business', 'Active');

    // The developer panel swaps the default card for one that attaches fine and fails every charge.
    await carol.devAction('Fail next renewal');
    const failing = await carol.expectMirrorMatchesStripe();
    const customer = await world.demo.stripe.customers.retrieve(failing.state.customerId, {
      expand: ['invoice_settings.default_payment_method'],
    });
    if (customer.deleted) throw new Error('The customer was deleted');
    const defaultCard = customer.invoice_settings.default_payment_method;
    expect(typeof defaultCard === 'object' && defaultCard?.card?.last4).toBe('0341');

    await advanceClock(carol, 'month');
    await expectPlanShown(page, 'Business', 'Past due');
    await carol.load('/billing');
    const banner = page.getByRole('alert').filter({ hasText: 'Your last payment failed' });
    await banner.getByText("We couldn't charge $15.00 for Business.", { exact: false }).waitFor();
    await carol.checkPage();

    // Grace: past due keeps the plan's features for a while (7 days by default) from when it became past due.
    const pastDue = await carol.expectMirrorMatchesStripe();
    expect(pastDue.stripe[0]).toMatchObject({ status: 'past_due' });
    const entitlements = (await (
      await carol.context.request.get(`${world.demo.url}/api/billing/entitlements`)
    ).json()) as { features: string[]; status: string; graceEndsAt: number | null };
    const pastDueSince = pastDue.state.mirror[0]?.pastDueSince ?? 0;
    expect(entitlements).toMatchObject({ status: 'past_due', graceEndsAt: pastDueSince + 7 * 86_400 });
    expect(entitlements.features).toContain('analytics');
    expect(pastDue.state.clock?.frozenTime).toBeLessThan(entitlements.graceEndsAt ?? 0);
    await carol.navigate('Analytics');
    await page.getByText('Your analytics dashboard').waitFor();
    await carol.checkPage();
    // A day later the first retry failed too: still past due, still inside the grace period.
    await advanceClock(carol, 'day');
    await page.getByText('Your analytics dashboard').waitFor();
    const retried = await carol.expectMirrorMatchesStripe();
    expect(retried.stripe[0]).toMatchObject({ status: 'past_due' });
    expect(retried.state.entitlements.features).toContain('analytics');

    // Recovery: add a working card as the default, then pay the open invoice now.
    await carol.navigate('Billing settings');
    const cards = page.getByRole('region', { name: 'Payment methods' });
    await cards.getByRole('button', { name: 'Add a card' }).click();
    await carol.fillCard(testCards.visa, cards);
    const makeDefault = cards.getByRole('checkbox', { name: 'Make this my default card' });
    if (!(await makeDefault.isChecked())) await makeDefault.check();
    await carol.checkPage({ cardEntry: true });
    await cards.getByRole('button', { name: 'Save card' }).click();
    await cards.getByText('Your new card was saved.').waitFor();
    const payNow = cards.getByRole('button', { name: 'Pay $15.00 now with Visa ending in 4242' });
    await payNow.click();
    await page.getByText('Thank you: $15.00 was paid.').waitFor();

    await expectPlanShown(page, 'Business', 'Active');
    await expect.poll(() => banner.count()).toBe(0);
    await carol.load('/billing');
    await expectPlanShown(page, 'Business', 'Active');
    await carol.checkPage();

    const recovered = await carol.expectMirrorMatchesStripe();
    expect(recovered.stripe[0]).toMatchObject({ status: 'active' });
    expect(recovered.state.mirror[0]?.pastDueSince).toBeNull();
    expect(recovered.state.entitlements).toMatchObject({ status: 'active' });
    const open = await world.demo.stripe.invoices.list({
      customer: recovered.state.customerId,
      status: 'open',
    });
    expect(open.data).toEqual([]);
    await carol.close();
  });
});
