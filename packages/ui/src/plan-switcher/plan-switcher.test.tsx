import { type ChangePlanResponse, formatMoney, type PreviewPlanChangeResponse } from '@billing-kit/core';
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { type ManageStack, type RewriteRequest, startManageStack } from '../../test/manage-billing-stack.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { PlanSwitcher } from '../index.js';

let stack: ManageStack;

beforeAll(async () => {
  stack = await startManageStack();
});

afterAll(async () => {
  await stack?.close();
});

const DAY = 86_400;

/** Subscribes a new customer on a test clock, moves it `daysUsed` into the period and renders a PlanSwitcher. */
async function renderSwitcher(options: {
  priceId: string;
  defaultCard?: string;
  daysUsed?: number;
  rewrite?: RewriteRequest;
}) {
  const customer = await stack.subscribedCustomer({
    priceId: options.priceId,
    ...(options.defaultCard ? { defaultCard: options.defaultCard } : {}),
  });
  if (options.daysUsed) {
    const clock = await stack.stripe.testHelpers.testClocks.retrieve(customer.clockId);
    await stack.advanceClock(customer.clockId, clock.frozen_time + options.daysUsed * DAY);
  }
  const { client, sent } = stack.clientFor(customer.customerId, options.rewrite);
  const stripeLoader = stack.stripeLoader();
  const onChanged = vi.fn();
  const view = renderWithBilling(
    <PlanSwitcher subscriptionId={customer.subscriptionId} debounceMs={0} onChanged={onChanged} />,
    { client, stripe: stripeLoader },
  );
  await screen.findByRole('radiogroup', { name: 'Plan' }, { timeout: 10_000 });
  const previews = () =>
    sent
      .filter((request) => request.path.endsWith('/preview-change') && request.response !== undefined)
      .map((request) => request.response as PreviewPlanChangeResponse);
  const changes = () => sent.filter((request) => request.path.endsWith('/change'));
  return { ...view, ...customer, sent, previews, changes, stripeLoader, onChanged };
}

function usd(amount: number): string {
  return formatMoney(amount, 'usd');
}

function longDate(seconds: number): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(new Date(seconds * 1000));
}

async function openConfirmDialog(user: ReturnType<typeof userEvent.setup>, name: RegExp) {
  const trigger = await screen.findByRole('button', { name }, { timeout: 10_000 });
  await waitFor(() => expect(trigger).toBeEnabled());
  await user.click(trigger);
  return screen.findByRole('alertdialog');
}

describe('PlanSwitcher against the server and the Stripe emulator', () => {
  it('given an upgrade, previews credit, charge, amount due and next invoice, and charges exactly the preview', async () => {
    const user = userEvent.setup();
    const view = await renderSwitcher({ priceId: stack.prices.starterMonthly, daysUsed: 10 });
    expect(screen.getByRole('radio', { name: 'Starter' })).toBeChecked();
    await expectNoAxeViolations(view.container);

    await user.click(screen.getByRole('radio', { name: 'Pro' }));

    const preview = await screen.findByRole('region', { name: 'What changes' }, { timeout: 10_000 });
    const [previewed] = view.previews();
    if (!previewed) throw new Error('no preview answered');
    expect(previewed).toMatchObject({ kind: 'upgrade', appliesAt: 'now' });
    expect(previewed.creditForUnusedTime).toBeLessThan(0);
    expect(within(preview).getByText('Credit for unused time').nextSibling).toHaveTextContent(
      usd(previewed.creditForUnusedTime),
    );
    expect(within(preview).getByText('Charge for Pro').nextSibling).toHaveTextContent(
      usd(previewed.chargeForNewPlan),
    );
    expect(within(preview).getByText('Amount due now').nextSibling).toHaveTextContent(
      usd(previewed.amountDueNow),
    );
    expect(within(preview).getByText('Next invoice').nextSibling).toHaveTextContent(
      `${usd(2000)} on ${longDate(previewed.nextInvoiceDate)}`,
    );
    await expectNoAxeViolations(view.container);

    const dialog = await openConfirmDialog(user, /now and switch/);
    expect(dialog).toHaveAccessibleName('Switch to Pro?');
    expect(dialog).toHaveTextContent(`${usd(previewed.amountDueNow)} will be charged`);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await expectNoAxeViolations(document.body);
    await user.click(
      within(dialog).getByRole('button', { name: `Pay ${usd(previewed.amountDueNow)} now and switch` }),
    );

    const status = await screen.findByText("You're now on Pro.", {}, { timeout: 15_000 });
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByRole('radio', { name: 'Pro' })).toBeChecked();
    expect(view.onChanged).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'applied' }));
    // The confirmation carries exactly the previewed terms, with one key for the click.
    const [change, ...others] = view.changes();
    expect(others).toHaveLength(0);
    expect(change?.body).toEqual({
      priceId: stack.prices.proMonthly,
      quantity: 1,
      prorationDate: previewed.prorationDate,
    });
    expect(change?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    // And Stripe charged what the preview said, to the cent.
    const invoices = await stack.stripe.invoices.list({ subscription: view.subscriptionId });
    const upgradeInvoice = invoices.data.find((invoice) => invoice.billing_reason === 'subscription_update');
    expect(upgradeInvoice?.amount_paid).toBe(previewed.amountDueNow);
    // Nothing needed card entry: Stripe.js was never loaded.
    expect(view.stripeLoader).not.toHaveBeenCalled();
    await expectNoAxeViolations(view.container);
  });

  it('given a downgrade, schedules it for the period end, shows it, and cancels it', async () => {
    const user = userEvent.setup();
    const view = await renderSwitcher({ priceId: stack.prices.proMonthly });

    await user.click(screen.getByRole('radio', { name: 'Starter' }));

    const preview = await screen.findByRole('region', { name: 'What changes' }, { timeout: 10_000 });
    const [previewed] = view.previews();
    if (!previewed) throw new Error('no preview answered');
    expect(previewed.appliesAt).toBe('period_end');
    const date = longDate(previewed.effectiveAt);
    expect(preview).toHaveTextContent(`Changes to Starter on ${date}`);
    expect(within(preview).getByText('Amount due now').nextSibling).toHaveTextContent(usd(0));

    const dialog = await openConfirmDialog(user, new RegExp(`Change to Starter on ${date}`));
    expect(dialog).toHaveTextContent(
      `You keep Pro until ${date}, then Starter starts. Nothing is charged today.`,
    );
    await user.click(within(dialog).getByRole('button', { name: `Change to Starter on ${date}` }));

    expect(
      await screen.findByText(`Your plan changes to Starter on ${date}.`, {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText(`Changes to Starter on ${date}`)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Pro' })).toBeChecked();
    expect(view.onChanged).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'scheduled' }));
    expect((await stack.stripe.subscriptions.retrieve(view.subscriptionId)).schedule).not.toBeNull();
    await expectNoAxeViolations(view.container);

    await user.click(screen.getByRole('button', { name: 'Keep Pro' }));

    expect(
      await screen.findByText('The scheduled change was canceled. You stay on Pro.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Keep Pro' })).not.toBeInTheDocument();
    expect((await stack.stripe.subscriptions.retrieve(view.subscriptionId)).schedule).toBeNull();
    await expectNoAxeViolations(view.container);
  });

  it('given a card that is declined, says so in plain words and leaves the plan unchanged', async () => {
    const user = userEvent.setup();
    const view = await renderSwitcher({
      priceId: stack.prices.starterMonthly,
      defaultCard: 'pm_card_chargeCustomerFail',
    });

    await user.click(screen.getByRole('radio', { name: 'Pro' }));
    const dialog = await openConfirmDialog(user, /now and switch/);
    await user.click(within(dialog).getByRole('button', { name: /now and switch/ }));

    const alert = await screen.findByRole('alert', {}, { timeout: 15_000 });
    expect(alert).toHaveTextContent(/declined/i);
    expect(alert.textContent).not.toMatch(/stripe|pi_|in_/i);
    expect(screen.getByRole('radio', { name: 'Starter' })).toHaveAccessibleDescription(/Current plan/);
    const inStripe = await stack.stripe.subscriptions.retrieve(view.subscriptionId);
    expect(inStripe.items.data[0]?.price.id).toBe(stack.prices.starterMonthly);
    expect(view.onChanged).not.toHaveBeenCalled();
    // The preview is still there: the customer may try again after fixing the card.
    expect(screen.getByRole('button', { name: /now and switch/ })).toBeEnabled();
    await expectNoAxeViolations(view.container);
  });

  it('given a bank that asks for 3D Secure, authenticates in place and then switches', async () => {
    const user = userEvent.setup();
    const view = await renderSwitcher({
      priceId: stack.prices.starterMonthly,
      defaultCard: 'pm_card_authenticationRequired',
    });

    await user.click(screen.getByRole('radio', { name: 'Pro' }));
    const dialog = await openConfirmDialog(user, /now and switch/);
    await user.click(within(dialog).getByRole('button', { name: /now and switch/ }));

    const challenge = await screen.findByRole(
      'dialog',
      { name: 'Authenticate your payment' },
      { timeout: 15_000 },
    );
    expect(screen.getByRole('status')).toHaveTextContent('Waiting for your bank to confirm the payment…');
    expect(view.stripeLoader).toHaveBeenCalledTimes(1);
    await user.click(within(challenge).getByRole('button', { name: 'Complete' }));

    expect(await screen.findByText("You're now on Pro.", {}, { timeout: 15_000 })).toBeInTheDocument();
    const inStripe = await stack.stripe.subscriptions.retrieve(view.subscriptionId);
    expect(inStripe.items.data[0]?.price.id).toBe(stack.prices.proMonthly);
    // The change and its confirmation after 3D Secure are one action: one key.
    const confirm = view.sent.find((request) => request.path.endsWith('/confirm'));
    expect(confirm?.idempotencyKey).toBe(view.changes()[0]?.idempotencyKey);
    await expectNoAxeViolations(view.container);
  });

  it('given a stale preview, says so, refreshes it, and the next confirmation uses the new terms', async () => {
    const user = userEvent.setup();
    let refusedOnce = false;
    const view = await renderSwitcher({
      priceId: stack.prices.starterMonthly,
      rewrite: (request) => {
        if (refusedOnce || !request.path.endsWith('/change')) return undefined;
        refusedOnce = true;
        return Response.json(
          {
            error: {
              code: 'preview_expired',
              message: 'The price preview is out of date. Review the updated price and confirm again.',
              field: 'prorationDate',
            },
          },
          { status: 400 },
        );
      },
    });

    await user.click(screen.getByRole('radio', { name: 'Pro' }));
    let dialog = await openConfirmDialog(user, /now and switch/);
    await user.click(within(dialog).getByRole('button', { name: /now and switch/ }));

    expect(
      await screen.findByText(
        'Your billing period changed, so the price was updated. Review it and confirm again.',
        {},
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(view.previews()).toHaveLength(2), { timeout: 10_000 });
    await expectNoAxeViolations(view.container);

    dialog = await openConfirmDialog(user, /now and switch/);
    await user.click(within(dialog).getByRole('button', { name: /now and switch/ }));

    expect(await screen.findByText("You're now on Pro.", {}, { timeout: 15_000 })).toBeInTheDocument();
    const [refused, accepted] = view.changes();
    expect(view.changes()).toHaveLength(2);
    expect(accepted?.body).toMatchObject({ prorationDate: view.previews()[1]?.prorationDate });
    expect(accepted?.idempotencyKey).not.toBe(refused?.idempotencyKey);
    expect(accepted?.response).toMatchObject({ outcome: 'applied' } satisfies Partial<ChangePlanResponse>);
  });
});
