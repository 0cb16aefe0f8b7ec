// @vitest-environment jsdom
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Appearance, StripeError } from '@stripe/stripe-js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIncompleteSubscription, startEmulatorFixture } from '../../test/emulator-fixture.js';
import { fillPaymentElement } from '../../test/fill-payment-element.js';
import { createFakeStripe } from './index.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_3ds',
  sdk: { maxNetworkRetries: 0 },
  resetBeforeEach: false,
});

afterEach(() => {
  cleanup();
});

function fakeStripe() {
  return createFakeStripe({ apiBase: emulator.url, publishableKey: 'pk_test_3ds' });
}

function ConfirmForm(props: { mode: 'payment' | 'setup'; onError?: (error: StripeError) => void }) {
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
        const result =
          props.mode === 'payment'
            ? await stripeJs.confirmPayment({ elements, redirect: 'if_required' })
            : await stripeJs.confirmSetup({ elements, redirect: 'if_required' });
        if (result.error) {
          props.onError?.(result.error);
          setMessage(`error: ${result.error.code}`);
        } else {
          const intent = 'paymentIntent' in result ? result.paymentIntent : result.setupIntent;
          setMessage(`status: ${intent?.status}`);
        }
      }}
    >
      <PaymentElement />
      <button type="submit">{props.mode === 'payment' ? 'Pay' : 'Save card'}</button>
      <output>{message}</output>
    </form>
  );
}

function renderForm(mode: 'payment' | 'setup', clientSecret: string, onError?: (error: StripeError) => void) {
  return render(
    <Elements stripe={fakeStripe()} options={{ clientSecret }}>
      <ConfirmForm mode={mode} {...(onError ? { onError } : {})} />
    </Elements>,
  );
}

describe('given a checkout with the card 4000 0025 0000 3155, which asks for 3D Secure', () => {
  it('when the customer pays, then an accessible challenge opens; Complete pays and focus returns', async () => {
    const { subscription, clientSecret } = await createIncompleteSubscription(stripe);
    renderForm('payment', clientSecret);
    const user = await fillPaymentElement('4000002500003155');
    const pay = screen.getByRole('button', { name: 'Pay' });

    await user.click(pay);

    const dialog = await screen.findByRole('dialog', { name: 'Authenticate your payment' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('$20.00');
    const complete = screen.getByRole('button', { name: 'Complete' });
    expect(document.activeElement).toBe(complete);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Fail' }));
    await user.tab();
    expect(document.activeElement).toBe(complete);
    await user.click(complete);

    expect(await screen.findByText('status: succeeded')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(pay);
    const active = await stripe.subscriptions.retrieve(subscription.id);
    expect(active.status).toBe('active');
  });

  it('when the customer fails the challenge, then confirmPayment resolves the authentication error', async () => {
    const { subscription, clientSecret } = await createIncompleteSubscription(stripe);
    const onError = vi.fn();
    renderForm('payment', clientSecret, onError);
    const user = await fillPaymentElement('4000002500003155');
    await user.click(screen.getByRole('button', { name: 'Pay' }));

    await user.click(await screen.findByRole('button', { name: 'Fail' }));

    expect(await screen.findByText('error: payment_intent_authentication_failure')).toBeTruthy();
    expect(onError.mock.calls[0]?.[0]).toMatchObject({
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      payment_intent: { status: 'requires_payment_method' },
    });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('incomplete');
  });

  it('when the customer presses Escape in the challenge, then it fails like closing Stripe’s', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    renderForm('payment', clientSecret);
    const user = await fillPaymentElement('4000002500003155');
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    await screen.findByRole('dialog');

    await user.keyboard('{Escape}');

    expect(await screen.findByText('error: payment_intent_authentication_failure')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('given a card saved with a SetupIntent and confirmSetup', () => {
  async function setupIntentFor() {
    const customer = await stripe.customers.create();
    const setupIntent = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    return { customer, setupIntent };
  }

  it('when the card is 4242 4242 4242 4242, then the setup succeeds without a challenge and the card is saved', async () => {
    const { customer, setupIntent } = await setupIntentFor();
    renderForm('setup', setupIntent.client_secret as string);
    const user = await fillPaymentElement('4242424242424242');

    await user.click(screen.getByRole('button', { name: 'Save card' }));

    expect(await screen.findByText('status: succeeded')).toBeTruthy();
    const cards = await stripe.customers.listPaymentMethods(customer.id);
    expect(cards.data[0]?.card?.last4).toBe('4242');
  });

  it('when the card is 4000 0027 6000 3184, then the challenge opens and Complete saves the card', async () => {
    const { customer, setupIntent } = await setupIntentFor();
    renderForm('setup', setupIntent.client_secret as string);
    const user = await fillPaymentElement('4000002760003184');
    await user.click(screen.getByRole('button', { name: 'Save card' }));

    await user.click(await screen.findByRole('button', { name: 'Complete' }));

    expect(await screen.findByText('status: succeeded')).toBeTruthy();
    expect((await stripe.setupIntents.retrieve(setupIntent.id)).status).toBe('succeeded');
    expect((await stripe.customers.listPaymentMethods(customer.id)).data[0]?.card?.last4).toBe('3184');
  });

  it('when the challenge is failed, then confirmSetup resolves setup_intent_authentication_failure', async () => {
    const { setupIntent } = await setupIntentFor();
    renderForm('setup', setupIntent.client_secret as string);
    const user = await fillPaymentElement('4000002500003155');
    await user.click(screen.getByRole('button', { name: 'Save card' }));

    await user.click(await screen.findByRole('button', { name: 'Fail' }));

    expect(await screen.findByText('error: setup_intent_authentication_failure')).toBeTruthy();
  });

  it('when retrieveSetupIntent is called with the client secret, then it returns the intent', async () => {
    const { setupIntent } = await setupIntentFor();

    const result = await fakeStripe().retrieveSetupIntent(setupIntent.client_secret as string);

    expect(result.setupIntent?.id).toBe(setupIntent.id);
    expect(result.setupIntent?.status).toBe('requires_payment_method');
  });
});

describe('given a PaymentIntent left in requires_action', () => {
  it('when handleNextAction is called with its client secret, then the challenge opens and Complete succeeds', async () => {
    const paymentIntent = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'eur',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    expect(paymentIntent.status).toBe('requires_action');
    const user = userEvent.setup();

    const pending = fakeStripe().handleNextAction({ clientSecret: paymentIntent.client_secret as string });
    await user.click(await screen.findByRole('button', { name: 'Complete' }));
    const result = await pending;

    expect(result.paymentIntent?.status).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(paymentIntent.id)).status).toBe('succeeded');
  });

  it('when confirmCardPayment is given a 3D Secure card and the challenge failed, then it resolves the error', async () => {
    const paymentIntent = await stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
    const user = userEvent.setup();

    const pending = fakeStripe().confirmCardPayment(paymentIntent.client_secret as string, {
      payment_method: 'pm_card_authenticationRequiredOnSetup',
    });
    await user.click(await screen.findByRole('button', { name: 'Fail' }));
    const result = await pending;

    expect(result.error?.code).toBe('payment_intent_authentication_failure');
  });
});

describe('given the Payment Element', () => {
  it('when elements.update({ appearance }) is called, then the inputs restyle at once', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    const stripeJs = fakeStripe();
    const elements = stripeJs.elements({
      clientSecret,
      appearance: { variables: { colorText: 'rgb(1, 1, 1)' } },
    });
    const host = document.createElement('div');
    document.body.append(host);
    elements.create('payment').mount(host);
    const input = () => host.querySelector('input') as HTMLInputElement;
    expect(input().style.color).toBe('rgb(1, 1, 1)');

    const appearance: Appearance = {
      variables: { colorText: 'rgb(9, 9, 9)', colorBackground: 'rgb(250, 250, 250)', borderRadius: '2px' },
    };
    await elements.update({ appearance });

    expect(input().style.color).toBe('rgb(9, 9, 9)');
    expect(input().style.backgroundColor).toBe('rgb(250, 250, 250)');
    expect(input().style.borderRadius).toBe('2px');
    host.remove();
  });

  it('when submit() runs with only the expiry missing, then the error names the expiration date', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    const stripeJs = fakeStripe();
    const elements = stripeJs.elements({ clientSecret });
    const host = document.createElement('div');
    document.body.append(host);
    elements.create('payment').mount(host);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Card number'), '4242424242424242');
    await user.type(screen.getByLabelText('Security code'), '123');
    await user.type(screen.getByLabelText('Postal code'), '94107');

    const result = await elements.submit();

    expect(result.error).toMatchObject({
      type: 'validation_error',
      code: 'incomplete_expiry',
      message: "Your card's expiration date is incomplete.",
    });
    expect(screen.getByLabelText('Expiration date').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Card number').getAttribute('aria-invalid')).toBe('false');
    host.remove();
  });

  it('when Escape is pressed in a field, then escape handlers run until they are removed with off()', async () => {
    const { clientSecret } = await createIncompleteSubscription(stripe);
    const elements = fakeStripe().elements({ clientSecret });
    const host = document.createElement('div');
    document.body.append(host);
    const element = elements.create('payment');
    element.mount(host);
    const onEscape = vi.fn();
    const onFocus = vi.fn();
    element.on('escape', onEscape);
    element.on('focus', onFocus);
    const user = userEvent.setup();

    await user.click(screen.getByLabelText('Card number'));
    await user.keyboard('{Escape}');
    element.off('escape', onEscape);
    await user.keyboard('{Escape}');

    expect(onEscape).toHaveBeenCalledTimes(1);
    expect(onEscape).toHaveBeenCalledWith({ elementType: 'payment' });
    expect(onFocus).toHaveBeenCalled();
    element.destroy();
    expect(host.querySelector('input')).toBeNull();
    await waitFor(() => expect(host.childElementCount).toBe(0));
    host.remove();
  });
});
