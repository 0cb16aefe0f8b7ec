import type { SubscriptionSummary } from '@billing-kit/core';
import { createFakeStripe } from '@billing-kit/stripe-emulator/browser';
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { type BillingStack, startBillingStack, TEST_CUSTOMER_HEADER } from '../../test/billing-stack.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { Checkout, createBillingClient } from '../index.js';

let stack: BillingStack;

beforeAll(async () => {
  stack = await startBillingStack();
});

afterAll(async () => {
  await stack?.close();
});

interface SentRequest {
  method: string;
  url: string;
  idempotencyKey: string | null;
}

/** Renders a Checkout for a brand-new customer against the real server and emulator. */
async function renderCheckout(options: { activationTimeoutMs?: number; hideSubscriptions?: boolean } = {}) {
  const customerId = await stack.createCustomer();
  const sent: SentRequest[] = [];
  const client = createBillingClient({
    baseUrl: `${stack.serverUrl}/api/billing`,
    headers: { [TEST_CUSTOMER_HEADER]: customerId },
    // Records what goes over the wire, then sends it for real.
    fetch: (input, init) => {
      sent.push({
        method: init?.method ?? 'GET',
        url: String(input),
        idempotencyKey: new Headers(init?.headers).get('idempotency-key'),
      });
      if (
        options.hideSubscriptions &&
        (init?.method ?? 'GET') === 'GET' &&
        String(input).endsWith('/subscriptions')
      ) {
        // The server's mirror never catches up (a webhook that never arrives).
        return Promise.resolve(Response.json({ subscriptions: [] }));
      }
      return fetch(input, init);
    },
  });
  const stripeLoader = vi.fn(() =>
    Promise.resolve(createFakeStripe({ apiBase: stack.emulator.url, publishableKey: 'pk_test_123' })),
  );
  const onSuccess = vi.fn<(subscription: SubscriptionSummary) => void>();
  const view = renderWithBilling(
    <Checkout
      priceId={stack.proMonthlyPriceId}
      onSuccess={onSuccess}
      activationTimeoutMs={options.activationTimeoutMs ?? 20_000}
    />,
    { client, stripe: stripeLoader },
  );
  const startRequests = () => sent.filter((request) => request.method === 'POST');
  return { ...view, customerId, onSuccess, stripeLoader, startRequests };
}

async function typeCard(user: ReturnType<typeof userEvent.setup>, cardNumber: string) {
  const number = await screen.findByLabelText('Card number', {}, { timeout: 10_000 });
  await user.clear(number);
  await user.type(number, cardNumber);
  const expiry = screen.getByLabelText('Expiration date');
  await user.clear(expiry);
  await user.type(expiry, '12 / 34');
  const cvc = screen.getByLabelText('Security code');
  await user.clear(cvc);
  await user.type(cvc, '123');
  const postalCode = screen.getByLabelText('Postal code');
  await user.clear(postalCode);
  await user.type(postalCode, '12345');
}

function submitButton(): HTMLElement {
  return screen.getByRole('button', { name: /subscribe/i });
}

describe('Checkout against the server and the Stripe emulator', () => {
  it('given a good card, subscribes the customer and says so', async () => {
    const user = userEvent.setup();
    const { container, onSuccess, stripeLoader, startRequests } = await renderCheckout();

    const summary = await screen.findByRole('region', { name: 'Order summary' });
    expect(within(summary).getByText('Pro')).toBeInTheDocument();
    expect(within(summary).getByText('Monthly')).toBeInTheDocument();
    expect(within(summary).getByText('$20.00')).toBeInTheDocument();
    expect(stripeLoader).toHaveBeenCalledTimes(1);

    await typeCard(user, '4242 4242 4242 4242');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await expectNoAxeViolations(container);
    // Two clicks before the first one settles: one subscription, one idempotency key.
    await user.dblClick(submitButton());

    const status = await screen.findByText("You're subscribed to Pro", {}, { timeout: 20_000 });
    expect(status).toHaveAttribute('role', 'status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess.mock.calls[0]?.[0]).toMatchObject({
      status: 'active',
      planName: 'Pro',
      priceId: stack.proMonthlyPriceId,
    });
    expect(startRequests()).toHaveLength(1);
    expect(startRequests()[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.queryByRole('button', { name: /subscribe/i })).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('given a declined card, says so in plain words, and a good card then succeeds', async () => {
    const user = userEvent.setup();
    const { container, onSuccess, startRequests } = await renderCheckout();
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4000 0000 0000 0002');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await user.click(submitButton());

    const alert = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(alert).toHaveTextContent('Your card was declined.');
    expect(onSuccess).not.toHaveBeenCalled();
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await expectNoAxeViolations(container);

    await typeCard(user, '4242 4242 4242 4242');
    await user.click(submitButton());

    expect(await screen.findByText("You're subscribed to Pro", {}, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(onSuccess).toHaveBeenCalledTimes(1);
    // Fixing the card is a new action: the server gets a new idempotency key.
    const [declined, accepted] = startRequests();
    expect(startRequests()).toHaveLength(2);
    expect(accepted?.idempotencyKey).not.toBe(declined?.idempotencyKey);
  });

  it('given a payment that never shows up as active, stops waiting and does not offer to pay again', async () => {
    const user = userEvent.setup();
    const { onSuccess } = await renderCheckout({ activationTimeoutMs: 1_500, hideSubscriptions: true });
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4242 4242 4242 4242');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await user.click(submitButton());

    const alert = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(alert).toHaveTextContent("Your payment went through but your subscription isn't active yet.");
    expect(screen.queryByRole('button', { name: /subscribe/i })).not.toBeInTheDocument();
    expect(onSuccess).not.toHaveBeenCalled();
  });
});
