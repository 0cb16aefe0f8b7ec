import { describe, expect, it } from 'vitest';
import { expectPlanShown, planSection, subscribeThroughCheckout } from '../journey-steps.js';
import { setUpJourneyWorld } from '../journey-world.js';
import { longDate, termValue } from '../page-reading.js';

// Journey 8: cancel at the period end, then resume.
describe('journey 8: cancel at period end, then resume', () => {
  const world = setUpJourneyWorld();

  it('ends at the period end once canceled, and renews again once resumed', async () => {
    const alice = await world.signIn('Alice', '08-cancel-resume');
    const { page } = alice;
    await subscribeThroughCheckout(alice, 'Starter', { submit: 'Subscribe for $9.00' });
    await expectPlanShown(page, 'Starter', 'Active');
    const subscribed = await alice.expectMirrorMatchesStripe();
    const periodEnd = subscribed.stripe[0]?.currentPeriodEnd ?? 0;
    const when = longDate(periodEnd);

    await alice.load('/billing');
    const cancelSection = page.getByRole('region', { name: 'Cancel subscription' });
    await cancelSection.getByRole('button', { name: 'Cancel subscription' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Cancel your subscription?' });
    await dialog.getByText(`You keep Starter until ${when}.`, { exact: false }).waitFor();
    // Focus starts on the safe choice.
    await expect
      .poll(() =>
        dialog
          .getByRole('button', { name: 'Keep subscription' })
          .evaluate((el) => el === document.activeElement),
      )
      .toBe(true);
    await alice.checkPage();
    await dialog.getByRole('button', { name: 'Yes, cancel' }).click();

    const plan = planSection(page);
    await plan.getByText(`Your subscription ends on ${when}.`).waitFor();
    await termValue(plan, 'Next renewal').getByText('Does not renew').waitFor();
    const resume = page.getByRole('button', { name: 'Resume subscription' });
    await resume.waitFor();
    await alice.checkPage();

    const canceled = await alice.expectMirrorMatchesStripe();
    expect(canceled.stripe[0]).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      currentPeriodEnd: periodEnd,
    });
    expect(canceled.state.mirror[0]?.nextInvoice).toBeNull();

    await resume.click();
    await page.getByText(`Your subscription continues and renews on ${when}.`).waitFor();
    await termValue(plan, 'Next renewal').getByText(`$9.00 on ${when}`).waitFor();
    expect(await plan.getByText(/Your subscription ends on/).count()).toBe(0);
    await alice.load('/billing');
    await expectPlanShown(page, 'Starter', 'Active');
    await cancelSection.getByRole('button', { name: 'Cancel subscription' }).waitFor();
    await alice.checkPage();

    const resumed = await alice.expectMirrorMatchesStripe();
    expect(resumed.stripe[0]).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: false,
      currentPeriodEnd: periodEnd,
    });
    expect(resumed.state.mirror[0]?.nextInvoice).toMatchObject({ amount: 900, date: periodEnd });
    await alice.close();
  });
});
