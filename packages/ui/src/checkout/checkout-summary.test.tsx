import type { CatalogResponse, PreviewSubscriptionResponse } from '@billing-kit/core';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { catalogResponse, proPlan } from '../../test/catalog-fixture.js';
import {
  createFakeBillingFetch,
  type FakeAnswer,
  jsonResponse,
  never,
} from '../../test/fake-billing-fetch.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { Checkout, createBillingClient, deMessages } from '../index.js';

// 1 March 2027 and 1 April 2027, 00:00 UTC.
const MARCH_1 = 1_803_859_200;
const APRIL_1 = 1_806_537_600;

function preview(overrides: Partial<PreviewSubscriptionResponse> = {}): PreviewSubscriptionResponse {
  return {
    priceId: 'price_team_year',
    quantity: 4,
    currency: 'usd',
    lines: [
      { description: '4 × Team', amount: 60000, proration: false, period: { start: MARCH_1, end: APRIL_1 } },
    ],
    subtotal: 60000,
    discount: null,
    discountAmount: 0,
    tax: 0,
    totalDueToday: 60000,
    trialEnd: null,
    renewal: { amount: 60000, date: APRIL_1 },
    ...overrides,
  };
}

// Stripe.js never finishes loading here: these tests cover what the checkout shows before card entry.
function renderCheckout(
  answers: { catalog: FakeAnswer[]; preview?: FakeAnswer[] },
  priceId: string,
  provider: { locale?: string; messages?: typeof deMessages } = {},
) {
  const fake = createFakeBillingFetch({
    'GET /catalog': answers.catalog,
    'POST /subscriptions/preview': answers.preview ?? [jsonResponse(preview())],
  });
  const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
  const stripeLoader = vi.fn(() => never());
  const view = renderWithBilling(<Checkout priceId={priceId} quantity={4} />, {
    client,
    stripe: stripeLoader,
    ...provider,
  });
  return { ...view, stripeLoader, fake };
}

describe('Checkout before card entry', () => {
  it('given a per-seat price, summarises plan, interval, seats and the previewed total, and starts loading Stripe.js', async () => {
    const { container, stripeLoader, fake } = renderCheckout(
      { catalog: [jsonResponse(catalogResponse())] },
      'price_team_year',
    );

    const summary = await screen.findByRole('region', { name: 'Order summary' });
    expect(summary).toHaveTextContent('PlanTeam');
    expect(summary).toHaveTextContent('BillingYearly');
    expect(summary).toHaveTextContent('Seats4');
    expect(summary).toHaveTextContent('Total due today$600.00');
    expect(summary).toHaveTextContent('Next charge$600.00 on April 1, 2027');
    expect(stripeLoader).toHaveBeenCalledTimes(1);
    expect(fake.requests.find((request) => request.path === '/subscriptions/preview')?.body).toEqual({
      priceId: 'price_team_year',
      quantity: 4,
    });
    await expectNoAxeViolations(container);
  });

  it('while loading, shows a skeleton announced once', () => {
    const { container } = renderCheckout({ catalog: [() => never()] }, 'price_pro_month');

    expect(screen.getByRole('status')).toHaveTextContent('Loading checkout…');
    expect(container.querySelector('[data-slot="checkout"]')).toHaveAttribute('data-state', 'loading');
  });

  it('given a price that is not in the catalog, says the plan is no longer available', async () => {
    renderCheckout({ catalog: [jsonResponse(catalogResponse())] }, 'price_gone');

    expect(await screen.findByRole('alert')).toHaveTextContent('This plan is no longer available.');
  });

  it('given the catalog fails, offers a retry that recovers', async () => {
    const user = userEvent.setup();
    renderCheckout(
      {
        catalog: [
          jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500),
          jsonResponse(catalogResponse()),
        ],
        preview: [jsonResponse(preview({ priceId: 'price_pro_month', quantity: 1, totalDueToday: 2000 }))],
      },
      'price_pro_month',
    );

    await user.click(await screen.findByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('region', { name: 'Order summary' })).toHaveTextContent('PlanPro');
  });

  it('given the preview fails, shows the error with a retry that recovers', async () => {
    const user = userEvent.setup();
    renderCheckout(
      {
        catalog: [jsonResponse(catalogResponse())],
        preview: [
          jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500),
          jsonResponse(preview()),
        ],
      },
      'price_team_year',
    );

    expect(await screen.findByRole('alert')).toHaveTextContent("We couldn't load this plan.");
    await user.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('region', { name: 'Order summary' })).toHaveTextContent('$600.00');
  });

  it('in German, renders every string and formats money and dates for de-DE', async () => {
    const { container } = renderCheckout(
      {
        catalog: [jsonResponse(catalogResponse())],
        preview: [jsonResponse(preview({ tax: 11400, totalDueToday: 71400, subtotal: 60000 }))],
      },
      'price_team_year',
      { locale: 'de-DE', messages: deMessages },
    );

    const summary = await screen.findByRole('region', { name: 'Bestellübersicht' });
    expect(summary).toHaveTextContent('AbrechnungJährlich');
    expect(summary).toHaveTextContent('Plätze4');
    expect(summary).toHaveTextContent('Zwischensumme600,00 $');
    expect(summary).toHaveTextContent('Steuer114,00 $');
    expect(summary).toHaveTextContent('Heute fällig714,00 $');
    expect(summary).toHaveTextContent('Nächste Zahlung600,00 $ am 1. April 2027');
    expect(screen.getByLabelText('Gutscheincode')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Einlösen' })).toBeDisabled();
    await expectNoAxeViolations(container);
  });

  it('given a zero-decimal currency, shows yen without decimals', async () => {
    const yenCatalog: CatalogResponse = {
      plans: [
        {
          ...proPlan,
          prices: [
            { ...(proPlan.prices[0] as (typeof proPlan.prices)[number]), currency: 'jpy', unitAmount: 3000 },
          ],
        },
      ],
      currentPriceId: null,
    };
    renderCheckout(
      {
        catalog: [jsonResponse(yenCatalog)],
        preview: [
          jsonResponse(
            preview({
              priceId: 'price_pro_month',
              quantity: 1,
              currency: 'jpy',
              subtotal: 3000,
              tax: 300,
              totalDueToday: 3300,
              renewal: { amount: 3300, date: APRIL_1 },
            }),
          ),
        ],
      },
      'price_pro_month',
    );

    const summary = await screen.findByRole('region', { name: 'Order summary' });
    expect(summary).toHaveTextContent('Subtotal¥3,000');
    expect(summary).toHaveTextContent('Total due today¥3,300');
    expect(summary).not.toHaveTextContent('¥3,300.00');
  });
});
