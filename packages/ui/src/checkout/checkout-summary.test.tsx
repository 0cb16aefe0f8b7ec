import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { catalogResponse } from '../../test/catalog-fixture.js';
import { createFakeBillingFetch, jsonResponse, never } from '../../test/fake-billing-fetch.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { Checkout, createBillingClient } from '../index.js';

// Stripe.js never finishes loading here: these tests cover what the checkout shows before card entry.
function renderCheckout(
  catalogAnswers: Parameters<typeof createFakeBillingFetch>[0][string],
  priceId: string,
) {
  const fake = createFakeBillingFetch({ 'GET /catalog': catalogAnswers });
  const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
  const stripeLoader = vi.fn(() => never());
  const view = renderWithBilling(<Checkout priceId={priceId} quantity={4} />, {
    client,
    stripe: stripeLoader,
  });
  return { ...view, stripeLoader };
}

describe('Checkout before card entry', () => {
  it('given a per-seat price, summarises plan, interval, seats and total, and starts loading Stripe.js', async () => {
    const { container, stripeLoader } = renderCheckout([jsonResponse(catalogResponse())], 'price_team_year');

    const summary = await screen.findByRole('region', { name: 'Order summary' });
    expect(summary).toHaveTextContent('PlanTeam');
    expect(summary).toHaveTextContent('BillingYearly');
    expect(summary).toHaveTextContent('Seats4');
    expect(summary).toHaveTextContent('Total due today$600.00');
    expect(stripeLoader).toHaveBeenCalledTimes(1);
    await expectNoAxeViolations(container);
  });

  it('given a price that is not in the catalog, says the plan is no longer available', async () => {
    renderCheckout([jsonResponse(catalogResponse())], 'price_gone');

    expect(await screen.findByRole('alert')).toHaveTextContent('This plan is no longer available.');
  });

  it('given the catalog fails, offers a retry that recovers', async () => {
    const user = userEvent.setup();
    renderCheckout(
      [
        jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500),
        jsonResponse(catalogResponse()),
      ],
      'price_pro_month',
    );

    await user.click(await screen.findByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('region', { name: 'Order summary' })).toHaveTextContent('PlanPro');
  });
});
