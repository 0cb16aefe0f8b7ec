// @vitest-environment jsdom
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { PaymentIntentResult, StripeElementsOptionsClientSecret } from '@stripe/stripe-js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import type Stripe from 'stripe';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIncompleteSubscription, startEmulatorFixture } from '../../test/emulator-fixture.js';
import { fillPaymentElement } from '../../test/fill-payment-element.js';
import { createFakeStripe } from './index.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_browser',
  resetBeforeEach: false,
});

afterEach(() => {
  cleanup();
});

function PayForm(props: { clientSecret: string; onResult: (result: PaymentIntentResult) => void }) {
  const stripeJs = useStripe();
  const elements = useElements();
  const [message, setMessage] = useState('');
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        if (!stripeJs || !elements) return;
        const submitted = await elements.submit();
        if (submitted.error) {
          setMessage(`invalid: ${submitted.error.message}`);
          return;
        }
        const result = await stripeJs.confirmPayment({
          elements,
          clientSecret: props.clientSecret,
          redirect: 'if_required',
        });
        props.onResult(result);
        setMessage(
          result.error ? `error: ${result.error.message}` : `status: ${result.paymentIntent.status}`,
        );
      }}
    >
      <PaymentElement />
      <button type="submit">Pay</button>
      <output>{message}</output>
    </form>
  );
}

function renderCheckout(clientSecret: string, onResult: (result: PaymentIntentResult) => void = () => {}) {
  const fakeStripe = createFakeStripe({ apiBase: emulator.url, publishableKey: 'pk_test_browser' });
  const options: StripeElementsOptionsClientSecret = {
    clientSecret,
    appearance: {
      variables: { colorText: 'rgb(1, 2, 3)', colorDanger: 'rgb(200, 0, 0)', borderRadius: '9px' },
    },
  };
  return render(
    <Elements stripe={fakeStripe} options={options}>
      <PayForm clientSecret={clientSecret} onResult={onResult} />
    </Elements>,
  );
}

describe('given the fake Stripe.js inside <Elements> with a subscription client secret', () => {
  it('when the customer types 4242 4242 4242 4242 and pays, then the subscription becomes active', async () => {
    const { subscription, clientSecret } = await createIncompleteSubscription(stripe);
    renderCheckout(clientSecret);

    const user = await fillPaymentElement('4242424242424242');
    await user.click(screen.getByRole('button', { name: 'Pay' }));

    expect(await screen.findByText('status: succeeded')).toBeTruthy();
    expect((screen.getByLabelText('Card number') as HTMLInputElement).value).toBe('4242 4242 4242 4242');
    expect((screen.getByLabelText('Expiration date') as HTMLInputElement).value).toBe('12 / 34');
    const active = await stripe.subscriptions.retrieve(subscription.id, {
      expand: ['default_payment_method'],
    });
    expect(active.status).toBe('active');
    const card = active.default_payment_method as Stripe.PaymentMethod;
    expect(card.card?.last4).toBe('4242');
    expect(card.billing_details.address?.postal_code).toBe('94107');
  });

  it('when the card 4000 0000 0000 0002 is declined, then confirmPayment resolves { error } and the subscription stays incomplete', async () => {
    const { subscription, clientSecret } = await createIncompleteSubscription(stripe);
    const onResult = vi.fn();
    renderCheckout(clientSecret, onResult);

    const user = await fillPaymentElement('4000000000000002');
    await user.click(screen.getByRole('button', { name: 'Pay' }));

    expect(await screen.findByText('error: Your card was declined.')).toBeTruthy();
    const result = onResult.mock.calls[0]?.[0] as PaymentIntentResult;
    expect(result.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      payment_intent: { status: 'requires_payment_method' },
    });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('incomplete');
  });

  it('when the customer pays with empty fields, then each field is marked invalid with Stripe’s message', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    renderCheckout(clientSecret);
    const user = userEvent.setup();
    await screen.findByLabelText('Card number');

    await user.click(screen.getByRole('button', { name: 'Pay' }));

    expect(await screen.findByText('invalid: Your card number is incomplete.')).toBeTruthy();
    const number = screen.getByLabelText('Card number');
    expect(number.getAttribute('aria-invalid')).toBe('true');
    const errorId = number.getAttribute('aria-describedby') as string;
    expect(document.getElementById(errorId)?.textContent).toBe('Your card number is incomplete.');
    expect(screen.getByLabelText('Security code').getAttribute('aria-invalid')).toBe('true');
    expect((number as HTMLInputElement).style.color).toBe('rgb(1, 2, 3)');
    expect((number as HTMLInputElement).style.borderRadius).toBe('9px');
    expect((number as HTMLInputElement).style.border).toContain('rgb(200, 0, 0)');
  });

  it('when the fields are filled, then the element emits ready and a complete change event', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    const fakeStripe = createFakeStripe({ apiBase: emulator.url, publishableKey: 'pk_test_browser' });
    const onReady = vi.fn();
    const onChange = vi.fn();
    render(
      <Elements stripe={fakeStripe} options={{ clientSecret }}>
        <PaymentElement onReady={onReady} onChange={onChange} />
      </Elements>,
    );

    await waitFor(() => expect(onReady).toHaveBeenCalled());
    await fillPaymentElement('4242424242424242');

    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ complete: true, empty: false, value: { type: 'card' } }),
    );
    expect(onChange.mock.calls[0]?.[0]).toMatchObject({ complete: false });
  });

  it('when the expiry is in the past, then blurring the field shows the error', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    renderCheckout(clientSecret);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Expiration date'), '0120');
    await user.tab();

    const expiry = screen.getByLabelText('Expiration date');
    expect(expiry.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText("Your card's expiration year is in the past.")).toBeTruthy();
  });
});

describe('given a bad configuration', () => {
  it('when the key is not a test publishable key, then createFakeStripe says which key it needs', () => {
    expect(() => createFakeStripe({ apiBase: 'http://127.0.0.1:1', publishableKey: 'sk_test_oops' })).toThrow(
      /pk_test_/,
    );
  });
});
