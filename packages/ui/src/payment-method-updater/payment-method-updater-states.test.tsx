import type { InvoiceSummary, PaymentMethodSummary, SubscriptionSummary } from '@billing-kit/core';
import { renderHook, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import {
  createFakeBillingFetch,
  type FakeAnswer,
  jsonResponse,
  never,
} from '../../test/fake-billing-fetch.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import {
  createBillingClient,
  deMessages,
  PaymentMethodUpdater,
  useAddPaymentMethod,
  usePaymentMethods,
} from '../index.js';

// States hard to reach with the real server (loading, failures, expiring cards) come from a fake at the HTTP
// boundary, answering bodies shaped by the core schemas.

function card(overrides: Partial<PaymentMethodSummary> = {}): PaymentMethodSummary {
  return {
    id: 'pm_visa',
    brand: 'visa',
    last4: '4242',
    expMonth: 12,
    expYear: 2034,
    isDefault: true,
    expired: false,
    expiresSoon: false,
    ...overrides,
  };
}

function subscription(overrides: Partial<SubscriptionSummary> = {}): SubscriptionSummary {
  return {
    id: 'sub_1',
    status: 'active',
    planId: 'prod_pro',
    planName: 'Pro',
    priceId: 'price_pro_month',
    interval: 'month',
    currency: 'jpy',
    unitAmount: 1500,
    quantity: 1,
    currentPeriodStart: 1_800_000_000,
    currentPeriodEnd: 1_802_592_000,
    cancelAtPeriodEnd: false,
    trialEnd: null,
    syncedAt: 1_800_000_000,
    scheduledChange: null,
    nextInvoice: null,
    latestInvoiceStatus: 'open',
    pastDueSince: null,
    ...overrides,
  };
}

function openInvoice(): InvoiceSummary {
  return {
    id: 'in_1',
    number: 'ABC-0002',
    status: 'open',
    amountDue: 1500,
    amountPaid: 0,
    currency: 'jpy',
    created: 1_802_592_000,
    periodStart: 1_802_592_000,
    periodEnd: 1_805_184_000,
    hostedInvoiceUrl: 'https://invoice.example/in_1',
    invoicePdf: 'https://invoice.example/in_1.pdf',
  };
}

function renderUpdater(answers: Record<string, FakeAnswer[]>, options: { german?: boolean } = {}) {
  const fake = createFakeBillingFetch({
    'GET /subscriptions': [jsonResponse({ subscriptions: [] })],
    ...answers,
  });
  const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
  const stripe = vi.fn(() => never());
  const view = renderWithBilling(<PaymentMethodUpdater />, {
    client,
    stripe,
    ...(options.german ? { locale: 'de-DE', messages: deMessages } : {}),
  });
  return { ...view, fake, stripe };
}

describe('PaymentMethodUpdater states', () => {
  it('while loading, announces it', async () => {
    const { container } = renderUpdater({ 'GET /payment-methods': [() => never()] });

    expect(screen.getByText('Loading your cards…')).toHaveAttribute('role', 'status');
    expect(container.querySelector('[data-slot="payment-method-updater"]')).toHaveAttribute(
      'data-state',
      'loading',
    );
    await expectNoAxeViolations(container);
  });

  it('given the cards fail to load, offers a retry that recovers', async () => {
    const user = userEvent.setup();
    const { container } = renderUpdater({
      'GET /payment-methods': [
        jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500),
        jsonResponse({ paymentMethods: [card()] }),
      ],
    });

    expect(await screen.findByRole('alert')).toHaveTextContent("We couldn't load your cards.");
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('listitem', { name: 'Visa ending in 4242' })).toBeInTheDocument();
  });

  it('offers no "Remove" for the only card until the subscriptions say it is not needed', async () => {
    let answerSubscriptions: (response: Response) => void = () => {};
    renderUpdater({
      'GET /payment-methods': [jsonResponse({ paymentMethods: [card()] })],
      'GET /subscriptions': [
        () =>
          new Promise<Response>((resolve) => {
            answerSubscriptions = resolve;
          }),
      ],
    });

    const only = await screen.findByRole('listitem', { name: 'Visa ending in 4242' });
    expect(within(only).queryByRole('button', { name: /Remove/ })).toBeNull();

    answerSubscriptions(jsonResponse({ subscriptions: [] }));
    expect(await within(only).findByRole('button', { name: /Remove/ })).toBeInTheDocument();
  });

  it('given no saved card, says so and offers to add one without loading Stripe.js', async () => {
    const { container, stripe } = renderUpdater({
      'GET /payment-methods': [jsonResponse({ paymentMethods: [] })],
    });

    expect(await screen.findByText("You don't have a saved card yet.")).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add a card' })).toHaveAttribute('aria-expanded', 'false');
    expect(stripe).not.toHaveBeenCalled();
    await expectNoAxeViolations(container);
  });

  it('marks expired and soon-expiring cards, and offers no default for an expired one', async () => {
    const { container } = renderUpdater({
      'GET /payment-methods': [
        jsonResponse({
          paymentMethods: [
            card(),
            card({ id: 'pm_mc', brand: 'mastercard', last4: '4444', isDefault: false, expiresSoon: true }),
            card({
              id: 'pm_amex',
              brand: 'amex',
              last4: '0005',
              isDefault: false,
              expired: true,
              expYear: 2020,
              expMonth: 3,
            }),
          ],
        }),
      ],
    });

    const soon = await screen.findByRole('listitem', { name: 'Mastercard ending in 4444' });
    expect(soon).toHaveTextContent('Expires soon');
    expect(soon).toHaveAttribute('data-state', 'expiring');
    const expired = screen.getByRole('listitem', { name: 'American Express ending in 0005' });
    expect(expired).toHaveTextContent('Expired');
    expect(expired).toHaveTextContent('Expires 03/2020');
    expect(within(expired).queryByRole('button', { name: /Make default/ })).not.toBeInTheDocument();
    // No subscription: every card may be removed.
    expect(
      within(expired).getByRole('button', { name: 'Remove American Express ending in 0005' }),
    ).toBeEnabled();
    await expectNoAxeViolations(container);
  });

  it('given a payment the server refuses, says so in plain words', async () => {
    const user = userEvent.setup();
    const { container } = renderUpdater({
      'GET /subscriptions': [jsonResponse({ subscriptions: [subscription({ status: 'past_due' })] })],
      'GET /payment-methods': [jsonResponse({ paymentMethods: [card()] })],
      'GET /invoices': [jsonResponse({ invoices: [openInvoice()] })],
      'POST /invoices/in_1/pay': [
        jsonResponse(
          {
            error: {
              code: 'card_declined',
              message: 'Your card has insufficient funds.',
              declineCode: 'insufficient_funds',
            },
          },
          402,
        ),
      ],
    });

    // JPY has no minor unit: 1500 is ¥1,500.
    expect(await screen.findByText('Your payment of ¥1,500 is past due.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pay ¥1,500 now with Visa ending in 4242' }));

    // The decline code is worded by the kit's (translatable) messages.
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Your card doesn't have enough funds. Try another card.",
    );
    expect(screen.getByRole('button', { name: 'Pay ¥1,500 now with Visa ending in 4242' })).toBeEnabled();
    await expectNoAxeViolations(container);
  });

  it('speaks German', async () => {
    renderUpdater(
      {
        'GET /subscriptions': [jsonResponse({ subscriptions: [subscription({ status: 'past_due' })] })],
        'GET /payment-methods': [jsonResponse({ paymentMethods: [card()] })],
        'GET /invoices': [jsonResponse({ invoices: [openInvoice()] })],
      },
      { german: true },
    );

    expect(await screen.findByRole('heading', { name: 'Zahlungsmethoden' })).toBeInTheDocument();
    expect(await screen.findByText('Ihre Zahlung über 1.500 ¥ ist überfällig.')).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Visa mit Endziffern 4242' })).toHaveTextContent('Standard');
  });

  it.each<[string, () => unknown]>([
    ['usePaymentMethods', () => usePaymentMethods()],
    ['useAddPaymentMethod', () => useAddPaymentMethod()],
  ])('%s outside <BillingProvider> throws an error naming the hook and the provider', (name, hook) => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});

    expect(() => renderHook(hook)).toThrow(`${name} must be used inside <BillingProvider>`);
    consoleError.mockRestore();
  });
});
