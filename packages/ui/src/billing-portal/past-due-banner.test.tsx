import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { createFakeBillingFetch, type FakeAnswer, jsonResponse } from '../../test/fake-billing-fetch.js';
import { entitlementsFixture, invoiceFixture, subscriptionFixture } from '../../test/portal-fixtures.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { createBillingClient, Entitled, PastDueBanner } from '../index.js';

const pastDue = subscriptionFixture({ status: 'past_due', latestInvoiceStatus: 'open', nextInvoice: null });
const openInvoice = invoiceFixture({ id: 'in_open', number: 'BK-0002', status: 'open', amountPaid: 0 });
const declined = () =>
  jsonResponse(
    { error: { code: 'card_declined', message: 'Your card was declined.', declineCode: 'generic_decline' } },
    402,
  );
const stripeDown = () =>
  jsonResponse(
    { error: { code: 'stripe_unavailable', message: 'Try again in a moment.', retryable: true } },
    502,
  );

function renderBanner(
  answers: Record<string, FakeAnswer[]>,
  props: Parameters<typeof PastDueBanner>[0] = {},
  ui?: ReactElement,
) {
  const fake = createFakeBillingFetch({
    'GET /entitlements': [jsonResponse(entitlementsFixture({ status: 'past_due' }))],
    ...answers,
  });
  const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
  const stripe = vi.fn(() => Promise.resolve(null));
  const view = renderWithBilling(ui ?? <PastDueBanner {...props} />, { client, stripe });
  const payments = () => fake.requests.filter((request) => request.method === 'POST');
  return { ...view, fake, stripe, payments };
}

describe('PastDueBanner', () => {
  it('given an active subscription, renders nothing', async () => {
    const { container, fake } = renderBanner({
      'GET /subscriptions': [jsonResponse({ subscriptions: [subscriptionFixture()] })],
    });

    await waitFor(() => expect(fake.requests).toHaveLength(1));
    expect(container).toBeEmptyDOMElement();
    // Invoices are fetched only for a past-due customer.
    expect(fake.requests.map((request) => request.path)).toEqual(['/subscriptions']);
  });

  it('given a failed renewal, alerts with the amount and links to the card section', async () => {
    const { container, stripe } = renderBanner({
      'GET /subscriptions': [jsonResponse({ subscriptions: [pastDue] })],
      'GET /invoices': [jsonResponse({ invoices: [openInvoice] })],
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAccessibleName('Your last payment failed');
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        "We couldn't charge $20.00 for Pro. Update your card or pay now to keep your subscription.",
      ),
    );
    expect(screen.getByRole('link', { name: 'Update your card' })).toHaveAttribute(
      'href',
      '#billing-portal-payment-methods',
    );
    expect(screen.getByRole('button', { name: 'Pay $20.00 now' })).toBeInTheDocument();
    expect(stripe).not.toHaveBeenCalled();
    await expectNoAxeViolations(container);
  });

  it('when the customer pays now, pays the open invoice once and says the subscription is active again', async () => {
    const user = userEvent.setup();
    const recovered = subscriptionFixture();
    const { container, payments } = renderBanner(
      {
        'GET /subscriptions': [
          jsonResponse({ subscriptions: [pastDue] }),
          jsonResponse({ subscriptions: [recovered] }),
        ],
        'GET /invoices': [
          jsonResponse({ invoices: [openInvoice] }),
          jsonResponse({ invoices: [{ ...openInvoice, status: 'paid', amountPaid: 2000 }] }),
        ],
        // The grace period is over: the feature is withdrawn until the invoice is paid.
        'GET /entitlements': [
          jsonResponse(entitlementsFixture({ features: [], status: 'past_due' })),
          jsonResponse(entitlementsFixture()),
        ],
        'POST /invoices/in_open/pay': [jsonResponse({ status: 'paid' })],
      },
      {},
      <>
        <PastDueBanner />
        <Entitled feature="analytics" fallback={<p>Upgrade to see analytics</p>}>
          <p>Analytics dashboard</p>
        </Entitled>
      </>,
    );
    expect(await screen.findByText('Upgrade to see analytics')).toBeInTheDocument();

    await user.dblClick(await screen.findByRole('button', { name: 'Pay $20.00 now' }));

    expect(await screen.findByText('Payment received. Your subscription is active again.')).toHaveAttribute(
      'role',
      'status',
    );
    expect(payments()).toHaveLength(1);
    expect(payments()[0]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    // The payment changed the invoice, the subscription and the entitlements: each is fetched again.
    expect(await screen.findByText('Analytics dashboard')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    await expectNoAxeViolations(container);
  });

  it('given a declined card, says so in plain words, and the next try is a new action', async () => {
    const user = userEvent.setup();
    const { payments } = renderBanner({
      'GET /subscriptions': [jsonResponse({ subscriptions: [pastDue] })],
      'GET /invoices': [jsonResponse({ invoices: [openInvoice] })],
      'POST /invoices/in_open/pay': [declined, declined],
    });
    const payNow = await screen.findByRole('button', { name: 'Pay $20.00 now' });

    await user.click(payNow);
    expect(
      await screen.findByText('Your card was declined. Update your card and try again.'),
    ).toBeInTheDocument();
    await user.click(payNow);
    await waitFor(() => expect(payments()).toHaveLength(2));

    const [first, second] = payments().map((request) => request.headers.get('idempotency-key'));
    expect(second).not.toBe(first);
  });

  it('given Stripe is down, says to try again, and trying again keeps the same idempotency key', async () => {
    const user = userEvent.setup();
    const { payments } = renderBanner({
      'GET /subscriptions': [jsonResponse({ subscriptions: [pastDue] })],
      'GET /invoices': [jsonResponse({ invoices: [openInvoice] })],
      // The client sends a retryable failure once more itself: two answers per click.
      'POST /invoices/in_open/pay': [stripeDown, stripeDown, stripeDown, jsonResponse({ status: 'paid' })],
    });
    const payNow = await screen.findByRole('button', { name: 'Pay $20.00 now' });

    await user.click(payNow);
    expect(
      await screen.findByText("The payment couldn't be completed. Please try again."),
    ).toBeInTheDocument();
    await user.click(payNow);

    expect(
      await screen.findByText('Payment received. Your subscription is active again.'),
    ).toBeInTheDocument();
    const keys = new Set(payments().map((request) => request.headers.get('idempotency-key')));
    expect(payments()).toHaveLength(4);
    expect(keys.size).toBe(1);
  });

  it('with payNowHref, both recoveries lead to where the customer pays and the host can route', async () => {
    const user = userEvent.setup();
    const onUpdatePaymentMethod = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
    renderBanner(
      {
        'GET /subscriptions': [jsonResponse({ subscriptions: [pastDue] })],
        'GET /invoices': [jsonResponse({ invoices: [openInvoice] })],
      },
      { paymentMethodsHref: '/settings/cards', payNowHref: '/settings/cards', onUpdatePaymentMethod },
    );

    const payNow = await screen.findByRole('link', { name: 'Pay $20.00 now' });
    expect(payNow).toHaveAttribute('href', '/settings/cards');
    expect(screen.getByRole('link', { name: 'Update your card' })).toHaveAttribute('href', '/settings/cards');
    await user.click(payNow);
    expect(onUpdatePaymentMethod).toHaveBeenCalledTimes(1);
    expect(within(document.body).queryByRole('button')).not.toBeInTheDocument();
  });
});
