import type { SubscriptionSummary } from '@billing-kit/core';
import { createFakeStripe } from '@billing-kit/stripe-emulator/browser';
import type { StripeElements, Stripe as StripeJs } from '@stripe/stripe-js';
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import {
  type CheckoutStack,
  startCheckoutStack,
  TEST_CUSTOMER_HEADER,
} from '../../test/checkout-billing-stack.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { Checkout, createBillingClient } from '../index.js';

let stack: CheckoutStack;

beforeAll(async () => {
  stack = await startCheckoutStack();
});

afterAll(async () => {
  await stack?.close();
});

interface SentRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: unknown;
}

interface RenderOptions {
  priceId?: string;
  activationTimeoutMs?: number;
  /** The server's mirror never catches up and its eager sync fails (a webhook that never arrives). */
  breakActivation?: boolean;
  wrapInTheme?: boolean;
}

/** Renders a Checkout for a brand-new customer against the real server and emulator. */
async function renderCheckout(options: RenderOptions = {}) {
  const customerId = await stack.createCustomer();
  const sent: SentRequest[] = [];
  const client = createBillingClient({
    baseUrl: stack.apiUrl,
    headers: { [TEST_CUSTOMER_HEADER]: customerId },
    // Records what goes over the wire, then sends it for real.
    fetch: (input, init) => {
      const method = init?.method ?? 'GET';
      const path = String(input).slice(stack.apiUrl.length);
      sent.push({
        method,
        path,
        idempotencyKey: new Headers(init?.headers).get('idempotency-key'),
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      if (options.breakActivation && method === 'GET' && path === '/subscriptions') {
        return Promise.resolve(Response.json({ subscriptions: [] }));
      }
      if (options.breakActivation && path.endsWith('/confirm')) {
        return Promise.resolve(
          Response.json(
            { error: { code: 'internal_error', message: 'Something went wrong.' } },
            { status: 500 },
          ),
        );
      }
      return fetch(input, init);
    },
  });
  const fakeStripe = createFakeStripe({ apiBase: stack.emulator.url, publishableKey: 'pk_test_123' });
  // A spy that passes through to the real fake: lets a test watch the Elements group the checkout creates.
  const groups: StripeElements[] = [];
  const originalElements = fakeStripe.elements.bind(fakeStripe);
  vi.spyOn(fakeStripe, 'elements').mockImplementation(((elementsOptions: never) => {
    const group = originalElements(elementsOptions);
    groups.push(group);
    return group;
  }) as StripeJs['elements']);
  const stripeLoader = vi.fn(() => Promise.resolve<StripeJs | null>(fakeStripe));
  const onSuccess = vi.fn<(subscription: SubscriptionSummary) => void>();
  const checkout = (
    <Checkout
      priceId={options.priceId ?? stack.prices.proMonthly}
      onSuccess={onSuccess}
      activationTimeoutMs={options.activationTimeoutMs ?? 20_000}
    />
  );
  const view = renderWithBilling(
    options.wrapInTheme ? (
      <div data-testid="theme" data-bk-theme="light">
        {checkout}
      </div>
    ) : (
      checkout
    ),
    { client, stripe: stripeLoader },
  );
  const starts = () =>
    sent.filter((request) => request.method === 'POST' && request.path === '/subscriptions');
  return { ...view, customerId, onSuccess, stripeLoader, sent, starts, groups, fakeStripe };
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

function submitButton(name: RegExp = /subscribe/i): HTMLElement {
  return screen.getByRole('button', { name });
}

function summaryRow(slot: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`[data-slot="checkout-summary-${slot}"]`);
  if (!row) throw new Error(`No summary row ${slot}`);
  return row;
}

/** What Stripe charged the customer, summed over their paid invoices. */
async function amountPaid(customerId: string): Promise<number> {
  const invoices = await stack.stripe.invoices.list({ customer: customerId });
  return invoices.data.reduce((total, invoice) => total + invoice.amount_paid, 0);
}

describe('Checkout against the server and the Stripe emulator', () => {
  it('given a good card, shows the previewed totals, charges exactly them once on a double click, and shows the plan', async () => {
    const user = userEvent.setup();
    const { container, customerId, onSuccess, stripeLoader, sent, starts } = await renderCheckout();

    const summary = await screen.findByRole('region', { name: 'Order summary' });
    expect(within(summary).getByText('Pro')).toBeInTheDocument();
    expect(within(summary).getByText('Monthly')).toBeInTheDocument();
    expect(summaryRow('subtotal')).toHaveTextContent('$20.00');
    expect(summaryRow('tax')).toHaveTextContent('$2.00');
    expect(summaryRow('total')).toHaveTextContent('Total due today$22.00');
    expect(summaryRow('next-charge')).toHaveTextContent(/\$22\.00 on \w+ \d+, \d{4}/);
    expect(stripeLoader).toHaveBeenCalledTimes(1);

    await typeCard(user, '4242 4242 4242 4242');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    expect(submitButton()).toHaveTextContent('Subscribe for $22.00');
    await expectNoAxeViolations(container);
    // Two clicks before the first one settles: one subscription, one idempotency key.
    await user.dblClick(submitButton());

    const status = await screen.findByText("You're subscribed to Pro", {}, { timeout: 20_000 });
    expect(status).toHaveAttribute('role', 'status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess.mock.calls[0]?.[0]).toMatchObject({ status: 'active', planName: 'Pro' });
    expect(starts()).toHaveLength(1);
    // The eager confirmation made polling unnecessary; it carries the same action's key.
    const confirm = sent.find((request) => request.path.endsWith('/confirm'));
    expect(confirm?.idempotencyKey).toBe(starts()[0]?.idempotencyKey);
    expect(
      sent.filter((request) => request.method === 'GET' && request.path === '/subscriptions'),
    ).toHaveLength(0);
    expect(await amountPaid(customerId)).toBe(2200);
    expect((await stack.stripe.subscriptions.list({ customer: customerId })).data).toHaveLength(1);
    expect(screen.queryByRole('button', { name: /subscribe/i })).not.toBeInTheDocument();
    expect(document.querySelector('[data-slot="checkout"]')).toHaveAttribute('data-state', 'succeeded');
    await expectNoAxeViolations(container);
  });

  it('given an invalid promotion code, says so at the field; a valid one discounts the total that is then charged', async () => {
    const user = userEvent.setup();
    const { container, customerId, starts } = await renderCheckout();
    await screen.findByRole('region', { name: 'Order summary' });
    const field = screen.getByLabelText('Promotion code');

    await user.type(field, 'NOPE10');
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    const refusal = await screen.findByText('This promotion code is not valid.');
    expect(refusal).toHaveAttribute('role', 'alert');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription('This promotion code is not valid.');
    expect(summaryRow('total')).toHaveTextContent('$22.00');
    await expectNoAxeViolations(container);

    await user.clear(field);
    expect(screen.queryByText('This promotion code is not valid.')).not.toBeInTheDocument();
    await user.type(field, 'spring25{Enter}');

    expect(await screen.findByText('spring25 applied: 25% off the first payment')).toBeInTheDocument();
    expect(summaryRow('discount')).toHaveTextContent('Discount (SPRING25)−$5.00');
    expect(summaryRow('tax')).toHaveTextContent('$1.50');
    expect(summaryRow('total')).toHaveTextContent('$16.50');
    await waitFor(() =>
      expect(
        screen.getByText('Promotion code spring25 applied. Total due today: $16.50.'),
      ).toBeInTheDocument(),
    );
    await expectNoAxeViolations(container);

    await typeCard(user, '4242 4242 4242 4242');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    expect(submitButton()).toHaveTextContent('Subscribe for $16.50');
    await user.click(submitButton());

    await screen.findByText("You're subscribed to Pro", {}, { timeout: 20_000 });
    expect(starts()[0]?.body).toEqual({
      priceId: stack.prices.proMonthly,
      quantity: 1,
      promotionCode: 'spring25',
    });
    expect(await amountPaid(customerId)).toBe(1650);
  });

  it('removes an applied promotion code and goes back to the full total', async () => {
    const user = userEvent.setup();
    await renderCheckout();
    await screen.findByRole('region', { name: 'Order summary' });
    await user.type(screen.getByLabelText('Promotion code'), 'SPRING25{Enter}');
    await screen.findByText(/SPRING25 applied/);

    await user.click(screen.getByRole('button', { name: 'Remove promotion code SPRING25' }));

    await waitFor(() => expect(summaryRow('total')).toHaveTextContent('$22.00'));
    expect(document.querySelector('[data-slot="checkout-summary-discount"]')).toBeNull();
    await waitFor(() => expect(screen.getByLabelText('Promotion code')).toHaveFocus());
  });

  it('given a price with a trial, charges nothing now, says when the trial ends, and starts the trial', async () => {
    const user = userEvent.setup();
    const { customerId, onSuccess, groups } = await renderCheckout({ priceId: stack.prices.starterTrial });

    await screen.findByRole('region', { name: 'Order summary' });
    expect(summaryRow('total')).toHaveTextContent('$0.00');
    expect(
      screen.getByText(/^Your trial ends on \w+ \d+, \d{4}\. Nothing is charged today\.$/),
    ).toBeInTheDocument();
    expect(summaryRow('next-charge')).toHaveTextContent('$11.00');

    await typeCard(user, '4242 4242 4242 4242');
    await waitFor(() => expect(submitButton(/start free trial/i)).toBeEnabled());
    // Nothing due: the Payment Element only sets the card up.
    expect(groups).toHaveLength(1);
    await user.click(submitButton(/start free trial/i));

    await screen.findByText("You're subscribed to Starter", {}, { timeout: 20_000 });
    expect(onSuccess.mock.calls[0]?.[0]).toMatchObject({ status: 'trialing' });
    expect(screen.getByText(/^Your trial ends on \w+ \d+, \d{4}\.$/)).toBeInTheDocument();
    expect(await amountPaid(customerId)).toBe(0);
    const intents = await stack.stripe.paymentIntents.list({ customer: customerId });
    expect(intents.data.filter((intent) => intent.status === 'succeeded')).toHaveLength(0);
  });

  it('given a card that needs 3D Secure, completes the bank challenge and subscribes', async () => {
    const user = userEvent.setup();
    const { customerId, onSuccess } = await renderCheckout();
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4000 0025 0000 3155');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await user.click(submitButton());

    const challenge = await screen.findByRole(
      'dialog',
      { name: 'Authenticate your payment' },
      { timeout: 15_000 },
    );
    expect(document.querySelector('[data-slot="checkout-status"]')).toHaveTextContent(
      'Processing your payment…',
    );
    await user.click(within(challenge).getByRole('button', { name: 'Complete' }));

    await screen.findByText("You're subscribed to Pro", {}, { timeout: 20_000 });
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(await amountPaid(customerId)).toBe(2200);
  });

  it('given a failed 3D Secure challenge, says so in plain words, and another card then pays the same subscription', async () => {
    const user = userEvent.setup();
    const { container, customerId, onSuccess, starts } = await renderCheckout();
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4000 0025 0000 3155');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await user.click(submitButton());
    const challenge = await screen.findByRole(
      'dialog',
      { name: 'Authenticate your payment' },
      { timeout: 15_000 },
    );
    await user.click(within(challenge).getByRole('button', { name: 'Fail' }));

    const alert = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(alert).toHaveTextContent(
      "Your bank couldn't confirm this payment. Try again or use another card.",
    );
    expect(onSuccess).not.toHaveBeenCalled();
    await expectNoAxeViolations(container);

    await typeCard(user, '4242 4242 4242 4242');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await user.click(submitButton());

    await screen.findByText("You're subscribed to Pro", {}, { timeout: 20_000 });
    expect(starts()).toHaveLength(1);
    expect((await stack.stripe.subscriptions.list({ customer: customerId })).data).toHaveLength(1);
    expect(await amountPaid(customerId)).toBe(2200);
  });

  it('given a declined card, says so in plain words, and a good card then succeeds with one subscription', async () => {
    const user = userEvent.setup();
    const { container, customerId, onSuccess, starts, sent } = await renderCheckout();
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4000 0000 0000 9995');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await user.click(submitButton());

    const alert = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(alert).toHaveTextContent("Your card doesn't have enough funds. Try another card.");
    expect(onSuccess).not.toHaveBeenCalled();
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await expectNoAxeViolations(container);

    await typeCard(user, '4242 4242 4242 4242');
    await user.click(submitButton());

    expect(await screen.findByText("You're subscribed to Pro", {}, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(onSuccess).toHaveBeenCalledTimes(1);
    // The refused payment left an incomplete subscription: the good card pays it rather than starting another.
    expect(starts()).toHaveLength(1);
    expect((await stack.stripe.subscriptions.list({ customer: customerId })).data).toHaveLength(1);
    // The second submit is a new action with a new key.
    const confirm = sent.find((request) => request.path.endsWith('/confirm'));
    expect(confirm?.idempotencyKey).not.toBe(starts()[0]?.idempotencyKey);
  });

  it('given a payment whose subscription never shows up as active, stops waiting and does not offer to pay again', async () => {
    const user = userEvent.setup();
    const { onSuccess, sent } = await renderCheckout({ activationTimeoutMs: 1_500, breakActivation: true });
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4242 4242 4242 4242');
    await waitFor(() => expect(submitButton()).toBeEnabled());
    await user.click(submitButton());

    const alert = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(alert).toHaveTextContent("Your payment went through but your subscription isn't active yet.");
    expect(screen.queryByRole('button', { name: /subscribe/i })).not.toBeInTheDocument();
    expect(onSuccess).not.toHaveBeenCalled();
    // It fell back to polling the mirror once the eager confirmation failed.
    expect(sent.some((request) => request.method === 'GET' && request.path === '/subscriptions')).toBe(true);
  });

  it('when the theme changes, updates the Payment Element appearance live', async () => {
    const { groups } = await renderCheckout({ wrapInTheme: true });
    await screen.findByLabelText('Card number', {}, { timeout: 10_000 });
    const group = groups[0];
    if (!group) throw new Error('No Elements group was created');
    const update: MockInstance = vi.spyOn(group, 'update');

    act(() => {
      screen.getByTestId('theme').setAttribute('data-bk-theme', 'dark');
    });

    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        expect.objectContaining({ appearance: expect.objectContaining({ theme: 'night' }) }),
      ),
    );
    update.mockClear();
    act(() => {
      screen.getByTestId('theme').setAttribute('data-bk-theme', 'light');
    });
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        expect.objectContaining({ appearance: expect.objectContaining({ theme: 'stripe' }) }),
      ),
    );
  });
});
