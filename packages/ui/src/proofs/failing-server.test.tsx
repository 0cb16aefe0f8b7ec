import type { BillingRouteName } from '@billing-kit/core';
import { screen, waitFor, within } from '@testing-library/react';
import { type UserEvent, userEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import {
  createFailingBilling,
  FAILURE_MODES,
  type FailingBilling,
  type FailureMode,
  LEAK_PATTERN,
  renderWithFailingBilling,
} from '../../test/failing-server/failing-billing.js';
import { type BillingScenario, savedCard, scenarios } from '../../test/in-memory-billing/index.js';
import {
  BillingPortal,
  CancelSubscription,
  Checkout,
  Entitled,
  InvoiceHistory,
  PastDueBanner,
  PaymentMethodUpdater,
  PlanSwitcher,
  PricingTable,
  SubscriptionSummary,
  useEntitlements,
} from '../index.js';

// Proof for issue 8, "the UI under a failing server": every public component, in front of the in-memory billing
// behind a fetch that fails the way real servers and networks fail (see `FailureMode`), through the kit's real
// client and provider. Each test checks what a customer sees (plain words in an alert or the component's error
// region, nothing raw), that the way out (Retry, or the action again) is reachable with the keyboard and works once
// the server recovers, and that money-moving actions are applied once however often they were sent.

/** Reads cannot be "applied": losing their answer is a network failure, already in the table. */
const READ_FAILURES = FAILURE_MODES.filter((mode) => mode !== 'lost-after-apply');

/** Tabs through the page (as a keyboard user) until `target` has focus; fails if it is never reached. */
async function tabTo(user: UserEvent, target: HTMLElement): Promise<void> {
  for (let step = 0; step < 60 && document.activeElement !== target; step++) await user.tab();
  expect(target, 'reachable with Tab').toHaveFocus();
}

/** Reaches `target` with Tab and presses Enter on it. */
async function pressWithKeyboard(user: UserEvent, target: HTMLElement): Promise<void> {
  await tabTo(user, target);
  await user.keyboard('{Enter}');
}

/** The customer reads `message` in `region`, and nothing raw anywhere on the page. */
function expectPlainError(region: HTMLElement, message: string): void {
  expect(region).toHaveTextContent(message);
  expect(document.body.textContent ?? '').not.toMatch(LEAK_PATTERN);
}

function setUp(
  scenario: BillingScenario,
  ui: ReactElement,
  failures: Partial<Record<BillingRouteName, FailureMode>> = {},
) {
  const failing = createFailingBilling(scenario);
  for (const [route, mode] of Object.entries(failures)) failing.fail(route as BillingRouteName, mode);
  const user = userEvent.setup({ delay: null });
  const view = renderWithFailingBilling(ui, failing);
  return { failing, user, ...view };
}

const basicActive = scenarios.activeBasic;

interface ReadCase {
  component: string;
  route: BillingRouteName;
  scenario: BillingScenario;
  ui: ReactElement;
  error: string;
  /** What the component shows once it loaded. */
  loaded: () => Promise<HTMLElement>;
}

const readCases: ReadCase[] = [
  {
    component: 'PricingTable',
    route: 'getCatalog',
    scenario: scenarios.newCustomer,
    ui: <PricingTable onSelect={() => {}} />,
    error: "We couldn't load the plans.",
    loaded: () => screen.findByRole('button', { name: 'Choose Pro' }),
  },
  {
    component: 'Checkout (order summary)',
    route: 'previewSubscription',
    scenario: scenarios.newCustomer,
    ui: <Checkout priceId="price_pro_month" />,
    error: "We couldn't load this plan.",
    loaded: () => screen.findByRole('region', { name: 'Order summary' }),
  },
  {
    component: 'PlanSwitcher',
    route: 'listSubscriptions',
    scenario: scenarios.active,
    ui: <PlanSwitcher subscriptionId="sub_portal" />,
    error: "We couldn't load your plan.",
    loaded: () => screen.findByRole('radiogroup', { name: 'Plan' }),
  },
  {
    component: 'PaymentMethodUpdater',
    route: 'listPaymentMethods',
    scenario: scenarios.active,
    ui: <PaymentMethodUpdater />,
    error: "We couldn't load your cards.",
    loaded: () => screen.findByRole('listitem', { name: /Visa ending in 4242/ }),
  },
  {
    component: 'SubscriptionSummary',
    route: 'listSubscriptions',
    scenario: scenarios.active,
    ui: <SubscriptionSummary />,
    error: "We couldn't load your subscription.",
    loaded: () => screen.findByText('Pro'),
  },
  {
    component: 'InvoiceHistory',
    route: 'listInvoices',
    scenario: scenarios.active,
    ui: <InvoiceHistory />,
    error: "We couldn't load your invoices.",
    loaded: () => screen.findByRole('cell', { name: 'BK-0001' }),
  },
  {
    component: 'BillingPortal',
    route: 'listSubscriptions',
    scenario: scenarios.active,
    ui: <BillingPortal />,
    error: "We couldn't load your subscription.",
    loaded: () => screen.findByRole('button', { name: 'Cancel subscription' }),
  },
];

describe.each(readCases)(
  'given $component and its $route failing',
  ({ route, scenario, ui, error, loaded }) => {
    it.each(READ_FAILURES)(
      'when it fails with %s, then it shows a plain alert whose Retry works by keyboard once the server recovers',
      async (mode) => {
        const { failing, user } = setUp(scenario, ui, { [route]: mode });

        const alert = await screen.findByRole('alert');
        expectPlainError(alert, error);
        expect(failing.sentTo(route).length).toBeGreaterThan(0);

        failing.recover();
        await pressWithKeyboard(user, within(alert).getByRole('button', { name: 'Retry' }));
        expect(await loaded()).toBeVisible();
        expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      },
    );
  },
);

/** A fallback that offers the hook's retry, as a host builds it; `Entitled` itself fails closed. */
function AnalyticsLocked() {
  const { state, retry } = useEntitlements();
  return (
    <div role="alert">
      <p>Analytics is not available.</p>
      {state === 'error' && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

describe('given Entitled and the entitlements failing', () => {
  it.each(READ_FAILURES)(
    'when they fail with %s, then it fails closed (fallback, never the feature) and shows it after a retry',
    async (mode) => {
      const { failing, user } = setUp(
        scenarios.active,
        <Entitled feature="analytics" fallback={<AnalyticsLocked />}>
          <p>Analytics dashboard</p>
        </Entitled>,
        { getEntitlements: mode },
      );

      const alert = await screen.findByRole('alert');
      expectPlainError(alert, 'Analytics is not available.');
      expect(screen.queryByText('Analytics dashboard')).not.toBeInTheDocument();
      // The fallback's own read of the hook may ask once more; it must not start a request loop.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(failing.sentTo('getEntitlements').length).toBeLessThanOrEqual(2);

      failing.recover();
      await pressWithKeyboard(user, await within(alert).findByRole('button', { name: 'Retry' }));
      expect(await screen.findByText('Analytics dashboard')).toBeVisible();
    },
  );
});

// ---- Writes: the action again is the retry, a double click is one action, a lost answer is applied once. ----

/**
 * One failure of each kind the client tells apart (a server refusal in the envelope, an answer that is not the
 * server's, a 200 that breaks the contract, no answer, a lost answer), for actions that move no money. The ones
 * that do (start, change plan, pay) get every mode.
 */
const FAILURE_KINDS: readonly FailureMode[] = [
  'http-500',
  'http-429',
  'wrong-shape',
  'network',
  'lost-after-apply',
];

/** Failures after which the client itself sends the write once more, with the same key, before giving up. */
const RESENT: ReadonlySet<FailureMode> = new Set(['http-503', 'network', 'lost-after-apply']);
const PAYMENTS_UNAVAILABLE = 'Payments are not available right now. Please try again later.';

/** What a customer reads: "not available" when no answer came or the server says try later, else `fallback`. */
function expectedMessage(mode: FailureMode, fallback: string): string {
  return RESENT.has(mode) ? PAYMENTS_UNAVAILABLE : fallback;
}

/**
 * The sends of one customer action: one request, or two when the client resent it; one idempotency key in all.
 */
function expectOneAction(failing: FailingBilling, route: BillingRouteName, mode: FailureMode): void {
  const sent = failing.sentTo(route);
  expect(sent).toHaveLength(RESENT.has(mode) ? 2 : 1);
  expect(new Set(sent.map((request) => request.idempotencyKey)).size).toBe(1);
}

/** After a lost answer, every send of the action (the customer's retry included) carried the first key. */
function expectKeyReusedAfterLoss(failing: FailingBilling, route: BillingRouteName, mode: FailureMode): void {
  const keys = new Set(failing.sentTo(route).map((request) => request.idempotencyKey));
  if (mode === 'lost-after-apply') expect(keys.size).toBe(1);
  expect(keys.has(null)).toBe(false);
}

async function typeCard(user: UserEvent, cardNumber = '4242 4242 4242 4242'): Promise<void> {
  await user.type(await screen.findByLabelText('Card number'), cardNumber);
  await user.type(screen.getByLabelText('Expiration date'), '12 / 34');
  await user.type(screen.getByLabelText('Security code'), '123');
  await user.type(screen.getByLabelText('Postal code'), '94107');
}

describe('given Checkout and starting the subscription failing', () => {
  it.each(FAILURE_MODES)(
    'when it fails with %s, then a double click is one action, the error is plain, and Subscribe again subscribes once',
    async (mode) => {
      const { failing, user } = setUp(scenarios.newCustomer, <Checkout priceId="price_pro_month" />);
      await screen.findByRole('region', { name: 'Order summary' });
      failing.fail('startSubscription', mode);
      await typeCard(user);
      const submit = screen.getByRole('button', { name: /subscribe/i });
      await waitFor(() => expect(submit).toBeEnabled());
      await user.dblClick(submit);

      const alert = await screen.findByRole('alert');
      expectPlainError(
        alert,
        expectedMessage(mode, 'Your payment could not be completed. Please try again.'),
      );
      expectOneAction(failing, 'startSubscription', mode);

      failing.recover();
      await pressWithKeyboard(user, screen.getByRole('button', { name: /subscribe/i }));
      expect(await screen.findByText("You're subscribed to Pro")).toBeInTheDocument();
      const { charges, subscriptions } = failing.billing.state();
      expect(charges).toEqual([{ amount: 2000, currency: 'usd', paymentMethodId: expect.any(String) }]);
      expect(subscriptions).toHaveLength(1);
      expectKeyReusedAfterLoss(failing, 'startSubscription', mode);
    },
  );
});

describe('given Checkout and the confirmation after paying failing', () => {
  // Any failure of the confirmation is the same to the checkout (the payment went through): one of each outcome.
  it.each<FailureMode>(['http-500', 'lost-after-apply'])(
    'when it fails with %s, then the paid subscription still shows as subscribed, charged once',
    async (mode) => {
      const { failing, user } = setUp(scenarios.newCustomer, <Checkout priceId="price_pro_month" />, {
        confirmSubscription: mode,
      });
      await screen.findByRole('region', { name: 'Order summary' });
      await typeCard(user);
      const submit = screen.getByRole('button', { name: /subscribe/i });
      await waitFor(() => expect(submit).toBeEnabled());
      await user.dblClick(submit);

      expect(await screen.findByText("You're subscribed to Pro")).toBeInTheDocument();
      expect(document.body.textContent ?? '').not.toMatch(LEAK_PATTERN);
      expect(failing.billing.state().charges).toHaveLength(1);
      expect(failing.billing.state().subscriptions).toHaveLength(1);
      expect(failing.sentTo('startSubscription')).toHaveLength(1);
    },
  );

  it('when neither the confirmation nor the subscriptions answer, then it says the payment went through and offers no second payment', async () => {
    const { failing, user } = setUp(
      scenarios.newCustomer,
      <Checkout priceId="price_pro_month" pollIntervalMs={50} activationTimeoutMs={600} />,
      { confirmSubscription: 'lost-after-apply', listSubscriptions: 'http-503' },
    );
    await screen.findByRole('region', { name: 'Order summary' });
    await typeCard(user);
    const submit = screen.getByRole('button', { name: /subscribe/i });
    await waitFor(() => expect(submit).toBeEnabled());
    await user.click(submit);

    const alert = await screen.findByRole('alert');
    expectPlainError(alert, "Your payment went through but your subscription isn't active yet.");
    expect(screen.queryByRole('button', { name: /subscribe/i })).not.toBeInTheDocument();
    expect(failing.billing.state().charges).toHaveLength(1);
  });
});

describe('given PlanSwitcher (Basic to Pro) and its price preview failing', () => {
  it.each(READ_FAILURES)('when it fails with %s, then Retry by keyboard shows the preview', async (mode) => {
    const { failing, user } = setUp(
      basicActive,
      <PlanSwitcher subscriptionId="sub_portal" debounceMs={0} />,
      {
        previewPlanChange: mode,
      },
    );
    await user.click(await screen.findByRole('radio', { name: /Pro/ }));

    const alert = await screen.findByRole('alert');
    expectPlainError(alert, expectedMessage(mode, "We couldn't calculate the price of this change."));
    expect(screen.getByRole('button', { name: /Switch to Pro|now and switch/ })).toBeDisabled();

    failing.recover();
    await pressWithKeyboard(user, within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('region', { name: 'What changes' })).toBeVisible();
  });
});

describe('given PlanSwitcher (Basic to Pro) and the change failing', () => {
  it.each(FAILURE_MODES)(
    'when it fails with %s, then the error is plain and confirming again by keyboard upgrades once',
    async (mode) => {
      const { failing, user } = setUp(
        basicActive,
        <PlanSwitcher subscriptionId="sub_portal" debounceMs={0} />,
      );
      await user.click(await screen.findByRole('radio', { name: /Pro/ }));
      await screen.findByRole('region', { name: 'What changes' });
      failing.fail('changePlan', mode);
      await user.click(screen.getByRole('button', { name: /now and switch/ }));
      await user.dblClick(
        within(await screen.findByRole('alertdialog')).getByRole('button', { name: /now and switch/ }),
      );

      const alert = await screen.findByRole('alert');
      expectPlainError(alert, expectedMessage(mode, 'Your plan could not be changed. Please try again.'));
      expectOneAction(failing, 'changePlan', mode);

      failing.recover();
      await pressWithKeyboard(user, screen.getByRole('button', { name: /now and switch/ }));
      const dialog = await screen.findByRole('alertdialog');
      await pressWithKeyboard(user, within(dialog).getByRole('button', { name: /now and switch/ }));
      expect(await screen.findByText("You're now on Pro.")).toBeInTheDocument();
      const { charges, subscriptions } = failing.billing.state();
      expect(charges).toHaveLength(1);
      expect(subscriptions).toEqual([expect.objectContaining({ priceId: 'price_pro_month' })]);
      expectKeyReusedAfterLoss(failing, 'changePlan', mode);
    },
  );
});

const twoCards: BillingScenario = {
  ...scenarios.active,
  paymentMethods: [
    savedCard({ id: 'pm_visa_4242', last4: '4242', isDefault: true }),
    savedCard({ id: 'pm_mc_4444', last4: '4444', brand: 'mastercard' }),
  ],
};
const MASTERCARD = 'Mastercard ending in 4444';

describe('given PaymentMethodUpdater and making a card the default failing', () => {
  it.each(FAILURE_KINDS)('when it fails with %s, then Make default again by keyboard works', async (mode) => {
    const { failing, user } = setUp(twoCards, <PaymentMethodUpdater />, { setDefaultPaymentMethod: mode });
    const makeDefault = await screen.findByRole('button', { name: `Make default: ${MASTERCARD}` });
    await user.dblClick(makeDefault);

    const alert = await screen.findByRole('alert');
    expectPlainError(alert, expectedMessage(mode, "We couldn't update your cards. Please try again."));
    expectOneAction(failing, 'setDefaultPaymentMethod', mode);

    failing.recover();
    await pressWithKeyboard(user, screen.getByRole('button', { name: `Make default: ${MASTERCARD}` }));
    expect(await screen.findByText(`${MASTERCARD} is now your default card.`)).toBeInTheDocument();
    expect(failing.billing.state().paymentMethods[0]).toMatchObject({ id: 'pm_mc_4444', isDefault: true });
  });
});

describe('given PaymentMethodUpdater and removing a card failing', () => {
  it.each(FAILURE_KINDS)(
    'when it fails with %s, then removing again by keyboard removes it',
    async (mode) => {
      const { failing, user } = setUp(twoCards, <PaymentMethodUpdater />, { removePaymentMethod: mode });
      await user.click(await screen.findByRole('button', { name: `Remove ${MASTERCARD}` }));
      await user.dblClick(
        within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove card' }),
      );

      const alert = await screen.findByRole('alert');
      expectPlainError(alert, expectedMessage(mode, "We couldn't update your cards. Please try again."));
      expectOneAction(failing, 'removePaymentMethod', mode);

      failing.recover();
      await pressWithKeyboard(user, screen.getByRole('button', { name: `Remove ${MASTERCARD}` }));
      await pressWithKeyboard(
        user,
        within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove card' }),
      );
      expect(await screen.findByText(`${MASTERCARD} was removed.`)).toBeInTheDocument();
      expect(failing.billing.state().paymentMethods.map((card) => card.id)).toEqual(['pm_visa_4242']);
    },
  );
});

describe('given PaymentMethodUpdater and creating the SetupIntent for a new card failing', () => {
  it.each(FAILURE_KINDS)('when it fails with %s, then Save card again saves one card', async (mode) => {
    const { failing, user } = setUp(scenarios.active, <PaymentMethodUpdater />, { createSetupIntent: mode });
    await user.click(await screen.findByRole('button', { name: 'Add a card' }));
    await typeCard(user, '5555 5555 5555 4444');
    const save = screen.getByRole('button', { name: 'Save card' });
    await waitFor(() => expect(save).toBeEnabled());
    await user.dblClick(save);

    const alert = await screen.findByRole('alert');
    expectPlainError(alert, expectedMessage(mode, "Your card couldn't be saved. Please try again."));
    expectOneAction(failing, 'createSetupIntent', mode);

    failing.recover();
    await pressWithKeyboard(user, screen.getByRole('button', { name: 'Save card' }));
    expect(await screen.findByText('Your new card was saved.')).toBeInTheDocument();
    expect(
      failing.billing
        .state()
        .paymentMethods.map((card) => card.last4)
        .sort(),
    ).toEqual(['4242', '4444']);
    expectKeyReusedAfterLoss(failing, 'createSetupIntent', mode);
  });
});

describe('given PaymentMethodUpdater and saving the confirmed card failing', () => {
  // Stripe.js has already attached the card when the save step (`completeSetupIntent`) fails: starting over would
  // set up a second copy of it. Saving again finishes the same SetupIntent, with the same key.
  it.each(FAILURE_KINDS)(
    'when it fails with %s, then Save card again by keyboard finishes the same SetupIntent: one new card',
    async (mode) => {
      const { failing, user } = setUp(scenarios.active, <PaymentMethodUpdater />, {
        completeSetupIntent: mode,
      });
      await user.click(await screen.findByRole('button', { name: 'Add a card' }));
      await typeCard(user, '5555 5555 5555 4444');
      const save = screen.getByRole('button', { name: 'Save card' });
      await waitFor(() => expect(save).toBeEnabled());
      await user.dblClick(save);

      const alert = await screen.findByRole('alert');
      expectPlainError(alert, expectedMessage(mode, "Your card couldn't be saved. Please try again."));
      expectOneAction(failing, 'completeSetupIntent', mode);

      failing.recover();
      await pressWithKeyboard(user, screen.getByRole('button', { name: 'Save card' }));
      expect(await screen.findByText('Your new card was saved.')).toBeInTheDocument();
      expect(screen.getByRole('listitem', { name: /Mastercard ending in 4444/ })).toBeInTheDocument();
      expect(
        failing.billing
          .state()
          .paymentMethods.map((card) => card.last4)
          .sort(),
      ).toEqual(['4242', '4444']);
      // One SetupIntent, created once; every save of it (the client's resend and the customer's) under its key.
      const [created, ...again] = failing.sentTo('createSetupIntent');
      expect(again).toEqual([]);
      const completed = failing.sentTo('completeSetupIntent');
      expect(new Set(completed.map((request) => request.body))).toEqual(new Set([completed[0]?.body]));
      expect(new Set(completed.map((request) => request.idempotencyKey))).toEqual(
        new Set([created?.idempotencyKey]),
      );
    },
  );
});

const PAST_DUE_PAY = /Pay \$20\.00 now/;

describe('given PaymentMethodUpdater, a past-due invoice and paying it failing', () => {
  it.each(FAILURE_MODES)('when it fails with %s, then paying again by keyboard pays once', async (mode) => {
    const { failing, user } = setUp(scenarios.pastDue, <PaymentMethodUpdater />, { payInvoice: mode });
    await user.dblClick(await screen.findByRole('button', { name: PAST_DUE_PAY }));

    const alert = await screen.findByRole('alert');
    expectPlainError(
      alert,
      expectedMessage(mode, "Your payment couldn't be completed. Please try another card."),
    );
    expectOneAction(failing, 'payInvoice', mode);

    failing.recover();
    await pressWithKeyboard(user, screen.getByRole('button', { name: PAST_DUE_PAY }));
    expect(await screen.findByText('Thank you: $20.00 was paid.')).toBeInTheDocument();
    expect(failing.billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_4242' },
    ]);
    expectKeyReusedAfterLoss(failing, 'payInvoice', mode);
  });
});

describe('given the BillingPortal past-due banner and paying failing', () => {
  it.each(FAILURE_MODES)('when it fails with %s, then Pay now again by keyboard pays once', async (mode) => {
    const { failing, user } = setUp(scenarios.pastDue, <PastDueBanner />, { payInvoice: mode });
    await user.dblClick(await screen.findByRole('button', { name: 'Pay $20.00 now' }));
    if (mode === 'lost-after-apply') {
      // The answer was lost but the refresh after it shows the invoice paid: the banner goes, nothing to retry.
      await waitFor(() =>
        expect(screen.queryByRole('button', { name: 'Pay $20.00 now' })).not.toBeInTheDocument(),
      );
      expect(failing.billing.state().charges).toHaveLength(1);
      expectOneAction(failing, 'payInvoice', mode);
      return;
    }

    const status = await screen.findByText("The payment couldn't be completed. Please try again.");
    expect(status).toHaveAttribute('role', 'status');
    expectPlainError(status, "The payment couldn't be completed. Please try again.");
    expectOneAction(failing, 'payInvoice', mode);

    failing.recover();
    await pressWithKeyboard(user, screen.getByRole('button', { name: 'Pay $20.00 now' }));
    expect(
      await screen.findByText('Payment received. Your subscription is active again.'),
    ).toBeInTheDocument();
    expect(failing.billing.state().charges).toHaveLength(1);
    expectKeyReusedAfterLoss(failing, 'payInvoice', mode);
  });
});

describe('given the BillingPortal cancel section and cancelling failing', () => {
  it.each(FAILURE_KINDS)(
    'when it fails with %s, then the dialog stays open with the error and Yes, cancel works',
    async (mode) => {
      const { failing, user } = setUp(scenarios.active, <CancelSubscription />, { cancelSubscription: mode });
      await user.click(await screen.findByRole('button', { name: 'Cancel subscription' }));
      const dialog = await screen.findByRole('alertdialog');
      await user.dblClick(within(dialog).getByRole('button', { name: 'Yes, cancel' }));

      const alert = await within(dialog).findByRole('alert');
      expectPlainError(alert, "We couldn't cancel your subscription. Please try again.");
      expectOneAction(failing, 'cancelSubscription', mode);

      failing.recover();
      await pressWithKeyboard(user, within(dialog).getByRole('button', { name: 'Yes, cancel' }));
      await waitFor(() =>
        expect(screen.getByRole('status')).toHaveTextContent('Your subscription ends on March 1, 2027.'),
      );
      expect(failing.billing.state().subscriptions[0]).toMatchObject({ cancelAtPeriodEnd: true });
      expectKeyReusedAfterLoss(failing, 'cancelSubscription', mode);
    },
  );
});

describe('given the BillingPortal cancel section and resuming failing', () => {
  it.each(FAILURE_KINDS)('when it fails with %s, then Resume again by keyboard resumes', async (mode) => {
    const { failing, user } = setUp(scenarios.endingAtPeriodEnd, <CancelSubscription />, {
      resumeSubscription: mode,
    });
    await user.dblClick(await screen.findByRole('button', { name: 'Resume subscription' }));

    const status = await screen.findByText("We couldn't resume your subscription. Please try again.");
    expectPlainError(status, "We couldn't resume your subscription. Please try again.");
    expectOneAction(failing, 'resumeSubscription', mode);

    failing.recover();
    await pressWithKeyboard(user, screen.getByRole('button', { name: 'Resume subscription' }));
    expect(await screen.findByText(/Your subscription continues/)).toBeInTheDocument();
    expect(failing.billing.state().subscriptions[0]).toMatchObject({ cancelAtPeriodEnd: false });
    expectKeyReusedAfterLoss(failing, 'resumeSubscription', mode);
  });
});
