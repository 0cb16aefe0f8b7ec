import { describe, expect, it } from 'vitest';
import { testCards } from '../customer.js';
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

// Each journey of this file has an organisation of its own (Acme, then Globex) on its own test clock.
const world = setUpJourneyWorld();

// Journey 4: a Pro trial charges nothing now; moving the clock past the trial charges the card.
describe('journey 4: a free trial', () => {
  it('charges nothing today and $29.00 when the trial ends', async () => {
    const alice = await world.signIn('Alice', '04-trial');
    const { page } = alice;

    const pro = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Pro', exact: true }) });
    await pro.getByRole('button', { name: 'Choose Pro' }).click();
    await termValue(page.locator('main'), 'Total due today').getByText('$0.00').waitFor();
    await page.getByText(/Nothing is charged today\./).waitFor();
    await alice.fillCard(testCards.visa);
    await alice.checkPage({ cardEntry: true });
    await page.getByRole('button', { name: 'Start free trial' }).click();
    await page.waitForURL(/#\/billing$/);
    await expectPlanShown(page, 'Pro', 'Trial');

    const trialing = await alice.expectMirrorMatchesStripe();
    const customerId = trialing.state.customerId;
    expect(trialing.stripe).toHaveLength(1);
    expect(trialing.stripe[0]).toMatchObject({
      status: 'trialing',
      priceId: await priceIdOf(world.demo.stripe, 'demo_pro_monthly'),
    });
    const trialEnd = trialing.state.mirror[0]?.trialEnd ?? 0;
    expect(trialEnd - (trialing.state.clock?.frozenTime ?? 0)).toBe(14 * 86_400);
    await alice.load('/billing');
    await planSection(page)
      .getByText(`Your trial ends on ${longDate(trialEnd)}.`)
      .waitFor();
    await alice.checkPage();
    // Nothing charged: every invoice so far is $0.
    const before = await world.demo.stripe.invoices.list({ customer: customerId });
    expect(before.data.map((invoice) => invoice.amount_paid)).toEqual(before.data.map(() => 0));

    // A month later the trial (14 days) is over: Stripe charged the card for the first paid period.
    await advanceClock(alice, 'month');
    await expectPlanShown(page, 'Pro', 'Active');
    const invoices = page.getByRole('region', { name: 'Invoices' });
    await invoices.getByRole('row').filter({ hasText: '$29.00' }).filter({ hasText: 'Paid' }).waitFor();
    await alice.checkPage();

    const active = await alice.expectMirrorMatchesStripe();
    expect(active.stripe[0]).toMatchObject({ status: 'active' });
    const after = await world.demo.stripe.invoices.list({ customer: customerId, status: 'paid' });
    expect(after.data.map((invoice) => invoice.amount_paid).sort()).toEqual([0, 2900]);
    // The first paid period starts where the trial ended.
    const paidInvoice = after.data.find((invoice) => invoice.amount_paid === 2900);
    expect(paidInvoice?.lines.data[0]?.period.start).toBe(trialEnd);

    await alice.close();
  });
});

// Journey 5: upgrade Pro to Business; the preview's amount due now is exactly what Stripe charged.
describe('journey 5: upgrade Pro to Business', () => {
  it("charges now exactly the preview's amount due", async () => {
    const carol = await world.signIn('Carol', '05-upgrade');
    const { page } = carol;
    await subscribeThroughCheckout(carol, 'Pro', { submit: 'Start free trial' });
    await expectPlanShown(page, 'Pro', 'Trial');
    // Past the trial, into a paid period, so the upgrade is prorated against money actually paid.
    await advanceClock(carol, 'month');
    await expectPlanShown(page, 'Pro', 'Active');
    const { state } = await carol.expectMirrorMatchesStripe();

    await carol.load('/billing');
    const switcher = page.getByRole('region', { name: 'Change plan' });
    await switcher.getByRole('radio', { name: 'Business' }).click();
    // Three seats at $15 is more per month than Pro's $29: an upgrade, charged now.
    await switcher.getByLabel('Seats', { exact: true }).fill('3');
    const confirm = switcher.getByRole('button', { name: /^Pay \$[\d.,]+ now and switch$/ });
    await confirm.waitFor();
    const dueNow = await previewAmountDueNow(page);
    expect(centsOf(dueNow)).toBeGreaterThan(0);
    expect(await confirm.textContent()).toBe(`Pay ${dueNow} now and switch`);
    await carol.checkPage();

    await confirm.click();
    const dialog = page.getByRole('alertdialog', { name: 'Switch to Business?' });
    await dialog.getByText(`${dueNow} will be charged to your default card now`).waitFor();
    await dialog.getByRole('button', { name: `Pay ${dueNow} now and switch` }).click();
    await switcher.getByText("You're now on Business.").waitFor();
    await expectPlanShown(page, 'Business', 'Active');
    await planSection(page).getByText('3', { exact: true }).waitFor();
    await carol.checkPage();

    // The invoice Stripe actually charged for the change equals the preview, to the cent.
    const invoices = await world.demo.stripe.invoices.list({ customer: state.customerId, limit: 100 });
    const upgrade = invoices.data.filter((invoice) => invoice.billing_reason === 'subscription_update');
    expect(upgrade).toHaveLength(1);
    expect(upgrade[0]?.status).toBe('paid');
    expect(upgrade[0]?.amount_paid).toBe(centsOf(dueNow));

    const after = await carol.expectMirrorMatchesStripe();
    expect(after.stripe[0]).toMatchObject({
      status: 'active',
      priceId: await priceIdOf(world.demo.stripe, 'demo_business_monthly'),
      quantity: 3,
      scheduledChange: null,
    });
    expect(after.state.entitlements.features).toEqual(expect.arrayContaining(['analytics', 'sso']));
    // The customer finds that charge, for the previewed amount, in the invoice history.
    await carol.load('/billing');
    await page
      .getByRole('region', { name: 'Invoices' })
      .getByRole('row')
      .filter({ hasText: dueNow })
      .filter({ hasText: 'Paid' })
      .waitFor();
    await carol.close();
  });
});
