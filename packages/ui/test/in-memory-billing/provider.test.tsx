import { render, screen, waitFor, within } from '@testing-library/react';
import { type UserEvent, userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  CancelSubscription,
  Checkout,
  deMessages,
  PaymentMethodUpdater,
  PlanSwitcher,
  PricingTable,
} from '../../src/index.js';
import { type BillingScenario, createInMemoryBilling, InMemoryBillingProvider, scenarios } from './index.js';

const FAST = { latencyMs: 5 };

function renderWith(ui: React.ReactElement, scenario: BillingScenario) {
  const billing = createInMemoryBilling({ ...FAST, ...scenario });
  const view = render(<InMemoryBillingProvider billing={billing}>{ui}</InMemoryBillingProvider>);
  return { ...view, billing };
}

async function typeCard(user: UserEvent, cardNumber: string) {
  const number = await screen.findByLabelText('Card number', {}, { timeout: 5000 });
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
  await user.type(postalCode, '94107');
}

async function subscribe(user: UserEvent, name = /subscribe/i) {
  const button = screen.getByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  await user.click(button);
}

describe('given Checkout on the in-memory billing of a new customer', () => {
  it('when paying with 4242 (double click), then it subscribes and charges the previewed total once', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<Checkout priceId="price_pro_month" />, {
      ...scenarios.newCustomer,
      taxRate: 10,
    });
    const summary = await screen.findByRole('region', { name: 'Order summary' });
    expect(summary).toHaveTextContent('$22.00');

    await typeCard(user, '4242 4242 4242 4242');
    const button = screen.getByRole('button', { name: /subscribe/i });
    await waitFor(() => expect(button).toBeEnabled());
    await user.dblClick(button);

    expect(await screen.findByText("You're subscribed to Pro", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(billing.state().charges).toEqual([
      { amount: 2200, currency: 'usd', paymentMethodId: expect.any(String) },
    ]);
    expect(billing.state().requests.filter((request) => request.path === '/subscriptions')).toHaveLength(1);
    expect(billing.state().subscriptions[0]).toMatchObject({ status: 'active', planName: 'Pro' });
  });

  it('when the first card is declined, then it says so in plain words, and a good card then subscribes once', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<Checkout priceId="price_pro_month" />, scenarios.newCustomer);
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4000 0000 0000 0002');
    await subscribe(user);
    expect(
      await screen.findByText('Your card was declined. Try another card.', {}, { timeout: 5000 }),
    ).toBeVisible();
    await typeCard(user, '4242 4242 4242 4242');
    await subscribe(user);

    expect(await screen.findByText("You're subscribed to Pro", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(billing.state().subscriptions).toHaveLength(1);
    expect(billing.state().charges).toHaveLength(1);
  });

  it('when 3D Secure is failed then completed, then the first attempt is refused and the second subscribes', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<Checkout priceId="price_pro_month" />, scenarios.newCustomer);
    await screen.findByRole('region', { name: 'Order summary' });

    await typeCard(user, '4000 0025 0000 3155');
    await subscribe(user);
    const firstChallenge = await screen.findByRole('dialog', { name: 'Authenticate your payment' });
    await user.click(within(firstChallenge).getByRole('button', { name: 'Fail' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Your bank couldn't confirm this payment. Try again or use another card.",
    );
    expect(billing.state().subscriptions[0]?.status).toBe('incomplete');
    await subscribe(user);
    const secondChallenge = await screen.findByRole('dialog', { name: 'Authenticate your payment' });
    await user.click(within(secondChallenge).getByRole('button', { name: 'Complete' }));

    expect(await screen.findByText("You're subscribed to Pro", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(billing.state().charges).toHaveLength(1);
    expect(billing.state().subscriptions).toHaveLength(1);
  });
});

describe('given Checkout of a price with a trial', () => {
  it('when the card is saved, then the trial starts and nothing is charged', async () => {
    const user = userEvent.setup();
    const catalog = scenarios.newCustomer.catalog ?? { plans: [], currentPriceId: null };
    const { billing } = renderWith(<Checkout priceId="price_basic_month" />, {
      catalog: {
        ...catalog,
        plans: catalog.plans.map((plan) => ({
          ...plan,
          prices: plan.prices.map((price) => ({ ...price, trialPeriodDays: 14 })),
        })),
      },
    });
    await screen.findByRole('region', { name: 'Order summary' });

    expect(screen.getByText(/Nothing is charged today\.$/)).toBeInTheDocument();
    await typeCard(user, '4242 4242 4242 4242');
    await subscribe(user, /start free trial/i);

    expect(await screen.findByText("You're subscribed to Basic", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(billing.state().subscriptions[0]?.status).toBe('trialing');
    expect(billing.state().paymentMethods).toMatchObject([{ last4: '4242', isDefault: true }]);
    expect(billing.state().charges).toHaveLength(0);
  });
});

describe('given PlanSwitcher on an active Basic subscription half-way through its month', () => {
  const basic = scenarios.activeBasic;

  it('when upgrading to Pro, then the amount previewed is the amount charged', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<PlanSwitcher subscriptionId="sub_portal" debounceMs={0} />, basic);
    await user.click(await screen.findByRole('radio', { name: 'Pro' }));

    const preview = await screen.findByRole('region', { name: 'What changes' });
    expect(within(preview).getByText('Amount due now').nextSibling).toHaveTextContent('$5.00');
    const trigger = await screen.findByRole('button', { name: /now and switch/ });
    await waitFor(() => expect(trigger).toBeEnabled());
    await user.click(trigger);
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Pay $5.00 now and switch' }));

    expect(await screen.findByText("You're now on Pro.")).toBeInTheDocument();
    expect(billing.state().charges).toEqual([
      { amount: 500, currency: 'usd', paymentMethodId: 'pm_visa_4242' },
    ]);
  });

  it('when the default card asks for 3D Secure, then the challenge opens in place and Complete applies the upgrade', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<PlanSwitcher subscriptionId="sub_portal" debounceMs={0} />, {
      ...basic,
      paymentMethods: [
        {
          id: 'pm_3155',
          brand: 'visa',
          last4: '3155',
          expMonth: 12,
          expYear: 2034,
          isDefault: true,
          expired: false,
          expiresSoon: false,
        },
      ],
    });
    await user.click(await screen.findByRole('radio', { name: 'Pro' }));
    const trigger = await screen.findByRole('button', { name: /now and switch/ });
    await waitFor(() => expect(trigger).toBeEnabled());
    await user.click(trigger);
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: /now and switch/ }),
    );

    const challenge = await screen.findByRole('dialog', { name: 'Authenticate your payment' });
    expect(billing.state().subscriptions[0]?.planName).toBe('Basic');
    await user.click(within(challenge).getByRole('button', { name: 'Complete' }));

    expect(await screen.findByText("You're now on Pro.")).toBeInTheDocument();
    expect(billing.state().charges).toEqual([{ amount: 500, currency: 'usd', paymentMethodId: 'pm_3155' }]);
  });
});

describe('given PaymentMethodUpdater on the in-memory billing', () => {
  it('when adding a card and making it the default, then the wallet shows it as the default', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<PaymentMethodUpdater />, scenarios.active);
    await screen.findByRole('listitem', { name: 'Visa ending in 4242' });

    await user.click(screen.getByRole('button', { name: 'Add a card' }));
    await typeCard(user, '5555 5555 5555 4444');
    const save = screen.getByRole('button', { name: 'Save card' });
    await waitFor(() => expect(save).toBeEnabled());
    await user.click(save);
    expect(await screen.findByText('Your new card was saved.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Make default: Mastercard ending in 4444' }));

    expect(
      await screen.findByText('Mastercard ending in 4444 is now your default card.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Mastercard ending in 4444' })).toHaveTextContent('Default');
    expect(billing.state().paymentMethods.map((card) => [card.last4, card.isDefault])).toEqual([
      ['4444', true],
      ['4242', false],
    ]);
  });

  it('when a renewal failed, then paying the open invoice now brings the subscription back to active', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<PaymentMethodUpdater />, scenarios.pastDue);

    await user.click(await screen.findByRole('button', { name: 'Pay $20.00 now with Visa ending in 4242' }));

    expect(await screen.findByText('Thank you: $20.00 was paid.')).toBeInTheDocument();
    expect(billing.state().subscriptions[0]?.status).toBe('active');
    expect(billing.state().invoices.find((invoice) => invoice.id === 'in_open')?.status).toBe('paid');
  });
});

describe('given CancelSubscription on an active subscription', () => {
  it('when cancelling then resuming, then the state follows and the server holds it', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<CancelSubscription />, scenarios.active);

    await user.click(await screen.findByRole('button', { name: 'Cancel subscription' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Yes, cancel' }),
    );
    const resume = await screen.findByRole('button', { name: 'Resume subscription' });
    expect(billing.state().subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
    await user.click(resume);

    expect(await screen.findByRole('button', { name: 'Cancel subscription' })).toBeInTheDocument();
    expect(billing.state().subscriptions[0]?.cancelAtPeriodEnd).toBe(false);
  });
});

describe('given the fault scenarios', () => {
  it('when loading, then the pricing table stays busy and shows no plan', async () => {
    renderWith(<PricingTable onSelect={() => {}} />, scenarios.loading);

    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(screen.queryByRole('radio', { name: /Pro/ })).not.toBeInTheDocument();
    expect(document.querySelector('[aria-busy="true"]')).not.toBeNull();
  });

  it('when a read fails once, then the error shows with Retry, and Retry shows the data', async () => {
    const user = userEvent.setup();
    renderWith(<PaymentMethodUpdater />, scenarios.error);

    await user.click(await screen.findByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('listitem', { name: 'Visa ending in 4242' })).toBeInTheDocument();
  });

  it('when a route always fails, then Retry fails again', async () => {
    const user = userEvent.setup();
    const { billing } = renderWith(<PaymentMethodUpdater />, {
      ...scenarios.active,
      faults: { listPaymentMethods: 'error' },
    });

    await user.click(await screen.findByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('button', { name: 'Retry' })).toBeInTheDocument();
    await waitFor(() =>
      expect(billing.state().requests.filter((request) => request.path === '/payment-methods')).toHaveLength(
        2,
      ),
    );
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
  });
});

describe('given InMemoryBillingProvider with a scenario and German', () => {
  it('then the components speak German and format money for de-DE', async () => {
    render(
      <InMemoryBillingProvider
        scenario={{ ...scenarios.active, ...FAST }}
        locale="de-DE"
        messages={deMessages}
      >
        <PaymentMethodUpdater />
      </InMemoryBillingProvider>,
    );

    expect(await screen.findByRole('listitem', { name: 'Visa mit Endziffern 4242' })).toBeInTheDocument();
  });
});
