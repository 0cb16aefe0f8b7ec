import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Customer, testCards } from './customer.js';
import { termValue } from './page-reading.js';

/** The "Your plan" section of the billing settings (the kit's SubscriptionSummary). */
export function planSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Your plan' });
}

/** Waits until the billing settings show `plan` with the status label `status` ("Active", "Trial", ...). */
export async function expectPlanShown(page: Page, plan: string, status: string): Promise<void> {
  const section = planSection(page);
  await termValue(section, 'Plan').getByText(plan, { exact: true }).waitFor();
  await termValue(section, 'Status').getByText(status, { exact: true }).waitFor();
}

/**
 * From anywhere in the app: Pricing, "Choose <plan>" (with seats for per-seat plans), the card, the submit button,
 * and back on the billing settings once the checkout succeeded.
 */
export async function subscribeThroughCheckout(
  customer: Customer,
  plan: 'Starter' | 'Pro' | 'Business',
  options: { card?: string; seats?: number; submit: string },
): Promise<void> {
  const { page } = customer;
  await customer.navigate('Pricing');
  const card = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: plan, exact: true }) });
  if (options.seats !== undefined) {
    await card.getByLabel(`Seats for ${plan}`).fill(String(options.seats));
  }
  await card.getByRole('button', { name: `Choose ${plan}` }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  await customer.fillCard(options.card ?? testCards.visa);
  await page.getByRole('button', { name: options.submit, exact: true }).click();
  await page.waitForURL(/#\/billing$/);
}

/**
 * Moves the organisation's test clock with the developer panel, and waits until the panel shows the new time.
 * @returns the clock's new frozen time (unix seconds).
 */
export async function advanceClock(customer: Customer, by: 'day' | 'month'): Promise<number> {
  const before = (await customer.devState()).clock?.frozenTime;
  expect(before, 'the organisation has a test clock once it is a Stripe customer').toBeTypeOf('number');
  const clockText = customer.devPanel().getByText(/^Test clock:/);
  const shownBefore = await clockText.textContent();
  await customer.devAction(by === 'day' ? 'Advance 1 day' : 'Advance 1 month');
  await expect.poll(() => clockText.textContent(), { timeout: 20_000 }).not.toBe(shownBefore);
  const after = (await customer.devState()).clock?.frozenTime ?? 0;
  const days = (after - (before ?? 0)) / 86_400;
  if (by === 'day') expect(days).toBe(1);
  else expect(days).toBeGreaterThanOrEqual(28);
  return after;
}

/** The amount the plan switcher's preview says is due now, as shown (e.g. "$7.45"). */
export async function previewAmountDueNow(page: Page): Promise<string> {
  const preview = page.getByRole('region', { name: 'What changes' });
  const dueNow = termValue(preview, 'Amount due now');
  await dueNow.waitFor();
  return (await dueNow.textContent()) ?? '';
}
