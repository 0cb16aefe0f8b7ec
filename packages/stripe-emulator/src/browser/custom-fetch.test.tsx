// @vitest-environment jsdom
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { cleanup, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIncompleteSubscription, startEmulatorFixture } from '../../test/emulator-fixture.js';
import { fillPaymentElement } from '../../test/fill-payment-element.js';
import { createFakeStripe, describeCard } from './index.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_custom_fetch',
  resetBeforeEach: false,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function PayForm({ clientSecret }: { clientSecret: string }) {
  const stripeJs = useStripe();
  const elements = useElements();
  const [message, setMessage] = useState('');
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        if (!stripeJs || !elements) return;
        const result = await stripeJs.confirmPayment({ elements, clientSecret, redirect: 'if_required' });
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

describe('given a fake Stripe.js created with its own fetch', () => {
  it('when the customer pays, then every Stripe call goes through that fetch and none through the global one', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    const realFetch = globalThis.fetch;
    const sent: string[] = [];
    const ownFetch: typeof fetch = (input, init) => {
      sent.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return realFetch(input, init);
    };
    const globalFetch = vi.fn(realFetch);
    vi.stubGlobal('fetch', globalFetch);
    const fakeStripe = createFakeStripe({
      apiBase: emulator.url,
      publishableKey: 'pk_test_custom_fetch',
      fetch: ownFetch,
    });
    render(
      <Elements stripe={fakeStripe} options={{ clientSecret }}>
        <PayForm clientSecret={clientSecret} />
      </Elements>,
    );
    const user = await fillPaymentElement('4242424242424242');

    await user.click(screen.getByRole('button', { name: 'Pay' }));

    expect((await screen.findByText('status: succeeded')).tagName).toBe('OUTPUT');
    expect(sent[0]).toBe('POST /v1/payment_methods');
    expect(sent[1]).toMatch(/^POST \/v1\/payment_intents\/pi_\w+\/confirm$/);
    expect(globalFetch).not.toHaveBeenCalled();
  });
});

describe('given the browser entry', () => {
  it('then it describes test cards as the emulator charges them', () => {
    expect(describeCard('4242424242424242').outcome).toEqual({ kind: 'succeeds' });
    expect(describeCard('4000000000000002').outcome).toMatchObject({
      kind: 'declines',
      code: 'card_declined',
    });
    expect(describeCard('4000002500003155').authentication).toBe('unless_set_up');
    expect(describeCard('4000000000000341').validation).toEqual({ kind: 'succeeds' });
  });
});
