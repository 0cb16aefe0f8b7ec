import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { type ManageStack, startManageStack } from '../../test/manage-billing-stack.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { PaymentMethodUpdater } from '../index.js';

let stack: ManageStack;

beforeAll(async () => {
  stack = await startManageStack();
});

afterAll(async () => {
  await stack?.close();
});

type User = ReturnType<typeof userEvent.setup>;

async function renderUpdater(customer: { customerId: string }) {
  const { client, sent } = stack.clientFor(customer.customerId);
  const stripeLoader = stack.stripeLoader();
  const view = renderWithBilling(<PaymentMethodUpdater />, { client, stripe: stripeLoader });
  await screen.findByRole('list', {}, { timeout: 10_000 });
  return { ...view, sent, stripeLoader };
}

function cardItem(name: string): HTMLElement {
  return screen.getByRole('listitem', { name });
}

async function addCard(user: User, cardNumber: string) {
  await user.click(screen.getByRole('button', { name: 'Add a card' }));
  const number = await screen.findByLabelText('Card number', {}, { timeout: 10_000 });
  await user.type(number, cardNumber);
  await user.type(screen.getByLabelText('Expiration date'), '12 / 34');
  await user.type(screen.getByLabelText('Security code'), '123');
  await user.type(screen.getByLabelText('Postal code'), '12345');
  const save = screen.getByRole('button', { name: 'Save card' });
  await waitFor(() => expect(save).toBeEnabled());
  await user.click(save);
}

describe('PaymentMethodUpdater against the server and the Stripe emulator', () => {
  it('lists the card, adds one through a SetupIntent and makes it the default; Stripe.js loads only for the form', async () => {
    const user = userEvent.setup();
    const customer = await stack.subscribedCustomer({ priceId: stack.prices.starterMonthly });
    const view = await renderUpdater(customer);

    const visa = cardItem('Visa ending in 4242');
    expect(visa).toHaveTextContent('Default');
    expect(visa).toHaveTextContent(/Expires \d\d\/\d{4}/);
    // The only card of an active subscription cannot be removed: no button offers it.
    expect(within(visa).queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();
    expect(view.stripeLoader).not.toHaveBeenCalled();
    await expectNoAxeViolations(view.container);

    await addCard(user, '5555 5555 5555 4444');

    expect(await screen.findByText('Your new card was saved.', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(view.stripeLoader).toHaveBeenCalledTimes(1);
    const mastercard = cardItem('Mastercard ending in 4444');
    expect(mastercard).not.toHaveTextContent('Default');
    const setup = view.sent.find((request) => request.path === '/payment-methods/setup-intent');
    const complete = view.sent.find((request) => request.path === '/payment-methods/setup-intent/complete');
    expect(complete?.idempotencyKey).toBe(setup?.idempotencyKey);
    await expectNoAxeViolations(view.container);

    await user.click(
      within(mastercard).getByRole('button', { name: 'Make default: Mastercard ending in 4444' }),
    );

    expect(
      await screen.findByText('Mastercard ending in 4444 is now your default card.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(cardItem('Mastercard ending in 4444')).toHaveTextContent('Default');
    expect(cardItem('Visa ending in 4242')).not.toHaveTextContent('Default');
    const inStripe = await stack.stripe.subscriptions.retrieve(customer.subscriptionId);
    const newDefault = await stack.stripe.paymentMethods.retrieve(String(inStripe.default_payment_method));
    expect(newDefault.card?.last4).toBe('4444');
    await expectNoAxeViolations(view.container);
  });

  it('shows the server refusing to remove the card a subscription needs, and removes a spare one', async () => {
    const user = userEvent.setup();
    const customer = await stack.subscribedCustomer({
      priceId: stack.prices.starterMonthly,
      defaultCard: 'pm_card_mastercard',
    });
    const view = await renderUpdater(customer);

    await user.click(
      within(cardItem('Mastercard ending in 4444')).getByRole('button', {
        name: 'Remove Mastercard ending in 4444',
      }),
    );
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove Mastercard ending in 4444?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await expectNoAxeViolations(document.body);
    await user.click(within(dialog).getByRole('button', { name: 'Remove card' }));

    const refusal = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(refusal.textContent).toMatch(/default/i);
    expect(refusal.textContent).not.toMatch(/stripe|pm_|cus_/i);
    expect(cardItem('Mastercard ending in 4444')).toBeInTheDocument();
    await expectNoAxeViolations(view.container);

    await user.click(
      within(cardItem('Visa ending in 4242')).getByRole('button', { name: 'Remove Visa ending in 4242' }),
    );
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove card' }),
    );

    expect(
      await screen.findByText('Visa ending in 4242 was removed.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'Visa ending in 4242' })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    // Now the only card of the subscription: no remove button.
    expect(
      within(cardItem('Mastercard ending in 4444')).queryByRole('button', { name: /Remove/ }),
    ).not.toBeInTheDocument();
  });

  it('after a failed renewal, pays the past-due invoice with a new card, 3D Secure included', async () => {
    const user = userEvent.setup();
    const customer = await stack.subscribedCustomer({
      priceId: stack.prices.starterMonthly,
      defaultCard: 'pm_card_chargeCustomerFail',
    });
    const subscription = await stack.stripe.subscriptions.retrieve(customer.subscriptionId);
    await stack.advanceClock(customer.clockId, (subscription.items.data[0]?.current_period_end ?? 0) + 3600);
    expect((await stack.stripe.subscriptions.retrieve(customer.subscriptionId)).status).toBe('past_due');
    const view = await renderUpdater(customer);

    expect(
      await screen.findByText('Your payment of $10.00 is past due.', {}, { timeout: 10_000 }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Pay $10.00 now with Visa ending in 0341' })).toBeEnabled();
    await expectNoAxeViolations(view.container);

    // A card whose bank always asks for 3D Secure: once when it is saved, again when it pays off session.
    await addCard(user, '4000 0027 6000 3184');
    const setupChallenge = await screen.findByRole(
      'dialog',
      { name: 'Authenticate your payment' },
      { timeout: 15_000 },
    );
    await user.click(within(setupChallenge).getByRole('button', { name: 'Complete' }));
    expect(await screen.findByText('Your new card was saved.', {}, { timeout: 15_000 })).toBeInTheDocument();
    // Past due: the new card is made the default, so "Pay now" uses it.
    expect(cardItem('Visa ending in 3184')).toHaveTextContent('Default');

    await user.click(screen.getByRole('button', { name: 'Pay $10.00 now with Visa ending in 3184' }));
    const payChallenge = await screen.findByRole(
      'dialog',
      { name: 'Authenticate your payment' },
      { timeout: 15_000 },
    );
    await user.click(within(payChallenge).getByRole('button', { name: 'Complete' }));

    expect(
      await screen.findByText('Thank you: $10.00 was paid.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    await waitFor(
      () => expect(screen.queryByText('Your payment of $10.00 is past due.')).not.toBeInTheDocument(),
      {
        timeout: 10_000,
      },
    );
    expect((await stack.stripe.subscriptions.retrieve(customer.subscriptionId)).status).toBe('active');
    const pay = view.sent.find((request) => request.path.endsWith('/pay'));
    expect(pay?.body).toEqual({ paymentMethodId: expect.stringMatching(/^pm_/) });
    expect(view.sent.find((request) => request.path.endsWith('/confirm'))?.idempotencyKey).toBe(
      pay?.idempotencyKey,
    );
    await expectNoAxeViolations(view.container);
  });
});
