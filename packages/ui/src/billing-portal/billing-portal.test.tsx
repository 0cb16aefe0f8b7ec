import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { type ManageStack, startManageStack } from '../../test/manage-billing-stack.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { BillingPortal, PastDueBanner } from '../index.js';

let stack: ManageStack;

beforeAll(async () => {
  stack = await startManageStack();
});

afterAll(async () => {
  await stack?.close();
});

async function currentSubscription(customerId: string) {
  const [subscription] = await stack.billing.store.getSubscriptions(customerId);
  if (!subscription) throw new Error(`No subscription in the mirror for ${customerId}.`);
  return subscription;
}

/** A customer whose first renewal failed: subscribed with 4242, renewals charged to a card that always declines. */
async function pastDueCustomer() {
  const customer = await stack.subscribedCustomer({
    priceId: stack.prices.proMonthly,
    defaultCard: 'pm_card_chargeCustomerFail',
  });
  const subscription = await currentSubscription(customer.customerId);
  await stack.advanceClock(customer.clockId, subscription.currentPeriodEnd + 3600);
  expect(await currentSubscription(customer.customerId)).toMatchObject({ status: 'past_due' });
  return customer;
}

describe('BillingPortal against the server and the Stripe emulator', () => {
  it('given an active subscription, shows every section of the customer, and hides those asked', async () => {
    const { customerId } = await stack.subscribedCustomer({ priceId: stack.prices.proMonthly });
    const { client } = stack.clientFor(customerId);
    const stripeLoader = stack.stripeLoader();
    const { container, unmount } = renderWithBilling(<BillingPortal pricingHref="/pricing" />, {
      client,
      stripe: stripeLoader,
    });

    const summary = await screen.findByRole('region', { name: 'Your plan' });
    expect(await within(summary).findByText('Pro')).toBeInTheDocument();
    expect(within(summary).getByText('Active')).toBeInTheDocument();
    expect(within(summary).getByText(/^\$20\.00 on /)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Change plan' })).toBeInTheDocument();
    const cards = screen.getByRole('region', { name: 'Payment methods' });
    expect(await within(cards).findByText(/4242/)).toBeInTheDocument();
    const invoices = await screen.findByRole('table', { name: 'Invoices' });
    const pdf = within(invoices).getByRole('link', { name: /^Download invoice .+ as PDF/ });
    expect(pdf.getAttribute('href')).toMatch(new RegExp(`^${stack.emulator.url}/invoices/in_\\w+\\.pdf$`));
    expect(within(invoices).getByText('Paid')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel subscription' })).toBeInTheDocument();
    // Nothing past due: no banner. Nothing collects card details yet: no Stripe.js.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(stripeLoader).not.toHaveBeenCalled();
    await expectNoAxeViolations(container);

    unmount();
    renderWithBilling(<BillingPortal hide={['planSwitcher', 'invoices', 'cancel']} />, {
      client,
      stripe: stripeLoader,
    });

    expect(await screen.findByRole('region', { name: 'Payment methods' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Change plan' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Invoices' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel subscription' })).not.toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Your plan' })).getByText('Pro')).toBeInTheDocument();
  });

  it('given no subscription, shows an empty state pointing to the plans, or what the host renders', async () => {
    const customer = await stack.stripe.customers.create({ email: 'window-shopper@example.com' });
    const { client } = stack.clientFor(customer.id);
    const { container, unmount } = renderWithBilling(<BillingPortal pricingHref="/pricing" />, {
      client,
      stripe: stack.stripeLoader(),
    });

    expect(await screen.findByText("You don't have a subscription yet.")).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See plans' })).toHaveAttribute('href', '/pricing');
    expect(await screen.findByText('No invoices yet.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Change plan' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel subscription' })).not.toBeInTheDocument();
    await expectNoAxeViolations(container);

    unmount();
    renderWithBilling(<BillingPortal renderNoSubscription={() => <p>Pick a plan below.</p>} />, {
      client,
      stripe: stack.stripeLoader(),
    });
    expect(await screen.findByText('Pick a plan below.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'See plans' })).not.toBeInTheDocument();
  });

  it('given a failed renewal, alerts and leads both recoveries to the card section', async () => {
    const { customerId } = await pastDueCustomer();
    const { client } = stack.clientFor(customerId);
    const { container } = renderWithBilling(<BillingPortal />, { client, stripe: stack.stripeLoader() });

    const alert = await screen.findByRole('alert', { name: 'Your last payment failed' });
    await waitFor(() => expect(alert).toHaveTextContent("We couldn't charge $20.00 for Pro."));
    const cardSection = screen.getByRole('region', { name: 'Payment methods' });
    for (const name of ['Update your card', 'Pay $20.00 now']) {
      expect(screen.getByRole('link', { name })).toHaveAttribute('href', `#${cardSection.id}`);
    }
    const summary = screen.getByRole('region', { name: 'Your plan' });
    expect(within(summary).getByText('Past due')).toBeInTheDocument();
    expect(await screen.findByText('Due')).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('given a failed renewal, Pay now says a declined card plainly, then pays once the card is fixed', async () => {
    const user = userEvent.setup();
    const { customerId, subscriptionId } = await pastDueCustomer();
    const { client, sent } = stack.clientFor(customerId);
    renderWithBilling(<PastDueBanner />, { client, stripe: stack.stripeLoader() });

    const payNow = await screen.findByRole('button', { name: 'Pay $20.00 now' });
    await user.click(payNow);
    expect(
      await screen.findByText('Your card was declined. Update your card and try again.'),
    ).toBeInTheDocument();

    // The customer fixes the card elsewhere (e.g. the card section).
    const good = await stack.stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
    await stack.stripe.customers.update(customerId, {
      invoice_settings: { default_payment_method: good.id },
    });
    await stack.stripe.subscriptions.update(subscriptionId, { default_payment_method: good.id });
    await stack.emulator.flushWebhooks();
    await user.click(payNow);

    expect(
      await screen.findByText(
        'Payment received. Your subscription is active again.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(await currentSubscription(customerId)).toMatchObject({ status: 'active' });
    const payments = sent.filter((request) => request.method === 'POST');
    expect(payments).toHaveLength(2);
    expect(payments[1]?.idempotencyKey).not.toBe(payments[0]?.idempotencyKey);
  });
});
