import type { SubscriptionSummary } from '@billing-kit/core';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import type { Stripe as StripeJs } from '@stripe/stripe-js';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import {
  type MountedBillingServer,
  mountBillingServer,
  TEST_CUSTOMER_HEADER,
} from '../../test/billing-stack.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { Checkout, createBillingClient } from '../index.js';

let emulator: StripeEmulator;
let stripe: Stripe;
let server: MountedBillingServer;
let freePrice: string;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = new Stripe('sk_test_billing_kit_ui_free_checkout', {
    ...emulator.stripeOptions,
    maxNetworkRetries: 0,
  });
  const free = await stripe.products.create({ name: 'Free' });
  freePrice = (
    await stripe.prices.create({
      product: free.id,
      currency: 'usd',
      unit_amount: 0,
      recurring: { interval: 'month' },
    })
  ).id;
  server = await mountBillingServer(stripe, {
    catalog: { plans: [{ productId: free.id, features: ['1 project'] }] },
  });
});

afterAll(async () => {
  await server?.close();
  await emulator?.close();
});

describe('Checkout of a plan that costs nothing', () => {
  it('given a $0 price, asks for no card, never loads Stripe.js, and starts the plan with one button', async () => {
    const user = userEvent.setup();
    const customerId = (await stripe.customers.create({ email: 'free@example.com' })).id;
    const client = createBillingClient({
      baseUrl: server.apiUrl,
      headers: { [TEST_CUSTOMER_HEADER]: customerId },
    });
    const stripeLoader = vi.fn(() => Promise.resolve<StripeJs | null>(null));
    const onSuccess = vi.fn<(subscription: SubscriptionSummary) => void>();
    const { container } = renderWithBilling(<Checkout priceId={freePrice} onSuccess={onSuccess} />, {
      client,
      stripe: stripeLoader,
    });

    const start = await screen.findByRole('button', { name: 'Start Free' }, { timeout: 10_000 });
    expect(screen.queryByLabelText('Card number')).not.toBeInTheDocument();
    expect(screen.queryByText('Payment details')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);

    await user.click(start);

    await screen.findByText("You're subscribed to Free", {}, { timeout: 10_000 });
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess.mock.calls[0]?.[0]).toMatchObject({ status: 'active', planName: 'Free' });
    expect((await stripe.subscriptions.list({ customer: customerId })).data).toHaveLength(1);
    expect(stripeLoader).not.toHaveBeenCalled();
    // The root learns the state from the panel's onStateChange effect, a render after the panel shows it.
    await waitFor(() =>
      expect(document.querySelector('[data-slot="checkout"]')).toHaveAttribute('data-state', 'succeeded'),
    );
    await expectNoAxeViolations(container);
  });
});
