import type { PreviewPlanChangeResponse } from '@billing-kit/core';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
} from '../in-memory-billing/index.js';
import { planSwitcherScenarios } from './plan-switcher-scenarios.js';

/** A plan change to preview: the starting state and the change the customer chose. */
export interface PreviewCase {
  scenario: BillingScenario;
  priceId: string;
  quantity?: number;
}

/**
 * The previews the ProrationPreview stories and gallery show. Each one is asked of a fresh in-memory billing, so it
 * is the server's own answer for the fixtures' subscription half-way through its month.
 */
export const previewCases = {
  /** Basic to Pro half-way through the month: a $5.00 credit, a $10.00 charge, $5.00 due now. */
  upgradeNow: { scenario: planSwitcherScenarios.upgradeFromBasic, priceId: 'price_pro_month' },
  /** The same upgrade with 10% tax on what is charged. */
  upgradeWithTax: {
    scenario: { ...planSwitcherScenarios.upgradeFromBasic, taxRate: 10 },
    priceId: 'price_pro_month',
  },
  /** Pro to Basic: at the period end, nothing due now. */
  downgradeAtPeriodEnd: { scenario: planSwitcherScenarios.active, priceId: 'price_basic_month' },
  /** Pro monthly to Pro yearly: at the period end. */
  intervalChange: { scenario: planSwitcherScenarios.active, priceId: 'price_pro_year' },
  /** Team from 3 to 5 seats: the extra seats for the rest of the month, now. */
  seatIncrease: { scenario: planSwitcherScenarios.perSeat, priceId: 'price_team_month', quantity: 5 },
  /** During the trial, Pro to Team with 2 seats: applied now, nothing to pay until the trial ends. */
  duringTrial: { scenario: planSwitcherScenarios.trialing, priceId: 'price_team_month', quantity: 2 },
  /** In yen (zero-decimal): Pro to Team with 2 seats. */
  yen: { scenario: planSwitcherScenarios.yen, priceId: 'price_team_month_jpy', quantity: 2 },
} satisfies Record<string, PreviewCase>;

/** Asks a fresh in-memory billing for the preview of `change`. */
export async function loadPreview(
  change: PreviewCase,
): Promise<{ billing: InMemoryBilling; preview: PreviewPlanChangeResponse }> {
  const billing = createInMemoryBilling(change.scenario);
  const subscription = billing.state().subscriptions[0];
  if (!subscription) throw new Error('A preview case needs a scenario with a subscription.');
  const preview = await billing.client.previewPlanChange({
    id: subscription.id,
    priceId: change.priceId,
    ...(change.quantity === undefined ? {} : { quantity: change.quantity }),
  });
  return { billing, preview };
}
