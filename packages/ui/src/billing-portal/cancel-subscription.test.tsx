import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { createFakeBillingFetch, jsonResponse } from '../../test/fake-billing-fetch.js';
import { type ManageStack, startManageStack } from '../../test/manage-billing-stack.js';
import { subscriptionFixture } from '../../test/portal-fixtures.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { CancelSubscription, createBillingClient } from '../index.js';

let stack: ManageStack;

beforeAll(async () => {
  stack = await startManageStack();
});

afterAll(async () => {
  await stack?.close();
});

const longDate = (seconds: number) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(new Date(seconds * 1000));

describe('CancelSubscription against the server and the Stripe emulator', () => {
  it('cancels at period end after a confirmation stating the end date, then resumes', async () => {
    const user = userEvent.setup();
    const { customerId, subscriptionId } = await stack.subscribedCustomer({
      priceId: stack.prices.proMonthly,
    });
    const [subscription] = await stack.billing.store.getSubscriptions(customerId);
    if (!subscription) throw new Error('The subscription did not reach the mirror.');
    const endDate = longDate(subscription.currentPeriodEnd);
    const { client, sent } = stack.clientFor(customerId);
    const { container } = renderWithBilling(<CancelSubscription />, { client, stripe: stack.stripeLoader() });
    const writes = () => sent.filter((request) => request.method === 'POST');

    const trigger = await screen.findByRole('button', { name: 'Cancel subscription' });
    expect(screen.getByRole('region', { name: 'Cancel subscription' })).toHaveAttribute(
      'data-state',
      'renewing',
    );
    await expectNoAxeViolations(container);

    // Keyboard: open, then Escape closes without cancelling.
    trigger.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(trigger).toHaveFocus();
    expect(writes()).toHaveLength(0);

    await user.click(trigger);
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' });
    expect(dialog).toHaveAccessibleDescription(
      `You keep Pro until ${endDate}. After that, you won't be charged again.`,
    );
    // Focus starts on the safe choice.
    expect(within(dialog).getByRole('button', { name: 'Keep subscription' })).toHaveFocus();
    await expectNoAxeViolations(document.body);

    await user.dblClick(within(dialog).getByRole('button', { name: 'Yes, cancel' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    const resume = await screen.findByRole('button', { name: 'Resume subscription' });
    await waitFor(() => expect(resume).toHaveFocus());
    expect(screen.getByRole('status')).toHaveTextContent(`Your subscription ends on ${endDate}.`);
    expect(writes().map((request) => request.path)).toEqual([`/subscriptions/${subscriptionId}/cancel`]);
    expect(writes()[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const [canceled] = await stack.billing.store.getSubscriptions(customerId);
    expect(canceled).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    await expectNoAxeViolations(container);

    await user.click(resume);

    const cancelAgain = await screen.findByRole('button', { name: 'Cancel subscription' });
    await waitFor(() => expect(cancelAgain).toHaveFocus());
    expect(screen.getByRole('status')).toHaveTextContent(/^Your subscription continues and renews on .+\.$/);
    expect(writes().map((request) => request.path)).toEqual([
      `/subscriptions/${subscriptionId}/cancel`,
      `/subscriptions/${subscriptionId}/resume`,
    ]);
    expect(writes()[1]?.idempotencyKey).not.toBe(writes()[0]?.idempotencyKey);
    const [resumed] = await stack.billing.store.getSubscriptions(customerId);
    expect(resumed).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    await expectNoAxeViolations(container);
  });
});

describe('CancelSubscription when the server fails', () => {
  it('keeps the dialog open with the error, and trying again sends the same idempotency key', async () => {
    const user = userEvent.setup();
    const unreachable = new TypeError('fetch failed');
    const ending = subscriptionFixture({ cancelAtPeriodEnd: true, nextInvoice: null });
    const fake = createFakeBillingFetch({
      'GET /subscriptions': [
        jsonResponse({ subscriptions: [subscriptionFixture()] }),
        jsonResponse({ subscriptions: [ending] }),
      ],
      // No answer twice (the client's own retry included), then the server answers.
      'POST /subscriptions/sub_portal/cancel': [
        unreachable,
        unreachable,
        jsonResponse({ subscription: ending }),
      ],
    });
    const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
    renderWithBilling(<CancelSubscription />, { client, stripe: () => Promise.resolve(null) });

    await user.click(await screen.findByRole('button', { name: 'Cancel subscription' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "We couldn't cancel your subscription. Please try again.",
    );
    await expectNoAxeViolations(document.body);
    await user.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));

    expect(await screen.findByRole('button', { name: 'Resume subscription' })).toBeInTheDocument();
    const keys = fake.requests
      .filter((request) => request.method === 'POST')
      .map((request) => request.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });
});
