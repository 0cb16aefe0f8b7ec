import { formatMoney } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, waitFor, within } from 'storybook/test';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { findThreeDSecureChallenge } from '../../test/storybook/card-entry.js';
import { planSwitcherScenarios } from '../../test/storybook/plan-switcher-scenarios.js';
import { WAIT } from '../../test/storybook/play.js';
import { PlanSwitcher } from './plan-switcher.js';

type Queries = ReturnType<typeof within>;
interface Clicker {
  click: (element: Element) => Promise<void>;
}

/** The "Amount due now" the customer reads in the preview, exactly as shown. */
async function previewedAmountDueNow(canvas: Queries): Promise<string> {
  const preview = await canvas.findByRole('region', { name: 'What changes' }, WAIT);
  const value = within(preview).getByText('Amount due now').nextElementSibling;
  await expect(value).not.toBeNull();
  return value?.textContent ?? '';
}

/** Opens the confirmation dialog with the button `name` and confirms there (the dialog repeats the label). */
async function confirmChange(canvas: Queries, userEvent: Clicker, name: string | RegExp): Promise<void> {
  const trigger = await canvas.findByRole('button', { name }, WAIT);
  await waitFor(() => expect(trigger).toBeEnabled(), WAIT);
  await userEvent.click(trigger);
  // Radix portals the dialog to <body>, outside the story's canvas.
  const dialog = await screen.findByRole('alertdialog', {}, WAIT);
  await userEvent.click(within(dialog).getByRole('button', { name }));
}

const meta = {
  title: 'Flows/Plan changes',
  component: PlanSwitcher,
  // Play functions only run in the story view: a docs page of every flow would show nothing more.
  tags: ['!autodocs'],
  args: { subscriptionId: 'sub_portal', onChanged: fn() },
  loaders: [withInMemoryBilling(planSwitcherScenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PlanSwitcher {...args} />
    </InMemoryStory>
  ),
  parameters: {
    docs: {
      description: {
        component: `A customer's plan changes, played out on the in-memory billing: each story asserts what the customer
sees and what the server recorded (charges, the subscription). Open the **Interactions** panel to replay a flow
step by step.`,
      },
    },
  },
} satisfies Meta<typeof PlanSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Basic to Pro half-way through the month: the amount previewed is the one charge made, to the default card. */
export const PreviewAndConfirmUpgrade: Story = {
  parameters: { scenario: planSwitcherScenarios.upgradeFromBasic },
  play: async ({ args, canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('radio', { name: 'Pro' }, WAIT));
    const shown = await previewedAmountDueNow(canvas);
    await expect(shown).toBe('$5.00');

    await confirmChange(canvas, userEvent, `Pay ${shown} now and switch`);

    await expect(await canvas.findByText("You're now on Pro.", {}, WAIT)).toBeVisible();
    await expect(canvas.getByRole('radio', { name: 'Pro' })).toBeChecked();
    const { charges, subscriptions } = billing.state();
    await expect(charges).toEqual([{ amount: 500, currency: 'usd', paymentMethodId: 'pm_visa_4242' }]);
    await expect(charges.map((charge) => formatMoney(charge.amount, charge.currency))).toEqual([shown]);
    await expect(subscriptions[0]).toMatchObject({ planName: 'Pro', priceId: 'price_pro_month' });
    await expect(args.onChanged).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'applied' }));
  },
};

/** The default card asks for 3D Secure: the bank's challenge opens in place; Complete pays and applies Pro. */
export const UpgradeWith3dSecureCompleted: Story = {
  name: 'Upgrade with 3D Secure, completed',
  parameters: { scenario: planSwitcherScenarios.upgradeWith3ds },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('radio', { name: 'Pro' }, WAIT));
    const shown = await previewedAmountDueNow(canvas);
    await confirmChange(canvas, userEvent, `Pay ${shown} now and switch`);

    const challenge = await findThreeDSecureChallenge();
    await expect(
      await canvas.findByText('Waiting for your bank to confirm the payment…', {}, WAIT),
    ).toBeInTheDocument();
    // Incomplete, awaiting 3D Secure: nothing is charged and the plan has not moved yet.
    await expect(billing.state().charges).toEqual([]);
    await expect(billing.state().subscriptions[0]?.planName).toBe('Basic');

    await userEvent.click(within(challenge).getByRole('button', { name: 'Complete' }));

    await expect(await canvas.findByText("You're now on Pro.", {}, WAIT)).toBeVisible();
    const { charges, subscriptions } = billing.state();
    await expect(charges).toEqual([{ amount: 500, currency: 'usd', paymentMethodId: 'pm_visa_3155' }]);
    await expect(formatMoney(charges[0]?.amount ?? 0, 'usd')).toBe(shown);
    await expect(subscriptions[0]?.planName).toBe('Pro');
  },
};

/** The customer fails the bank's challenge: plain words, nothing charged, still on Basic. */
export const UpgradeWith3dSecureFailed: Story = {
  name: 'Upgrade with 3D Secure, failed',
  parameters: { scenario: planSwitcherScenarios.upgradeWith3ds },
  play: async ({ args, canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('radio', { name: 'Pro' }, WAIT));
    const shown = await previewedAmountDueNow(canvas);
    await confirmChange(canvas, userEvent, `Pay ${shown} now and switch`);

    const challenge = await findThreeDSecureChallenge();
    await userEvent.click(within(challenge).getByRole('button', { name: 'Fail' }));

    const alert = await canvas.findByRole('alert', {}, WAIT);
    await expect(alert).toHaveTextContent("Your bank couldn't confirm this payment.");
    await expect(billing.state().charges).toEqual([]);
    await expect(billing.state().subscriptions[0]?.planName).toBe('Basic');
    await expect(args.onChanged).not.toHaveBeenCalled();
  },
};

/** The default card is declined: the customer reads why, nothing is charged and the plan stays Basic. */
export const DeclinedUpgrade: Story = {
  parameters: { scenario: planSwitcherScenarios.upgradeDeclined },
  play: async ({ args, canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('radio', { name: 'Pro' }, WAIT));
    const shown = await previewedAmountDueNow(canvas);
    await confirmChange(canvas, userEvent, `Pay ${shown} now and switch`);

    const alert = await canvas.findByRole('alert', {}, WAIT);
    await expect(alert).toHaveTextContent('Your card was declined.');
    await expect(billing.state().charges).toEqual([]);
    await expect(billing.state().subscriptions[0]?.planName).toBe('Basic');
    await expect(args.onChanged).not.toHaveBeenCalled();
  },
};

/** Pro to Basic waits for the period end (nothing charged); "Keep Pro" then cancels the scheduled change. */
export const ScheduleThenCancelDowngrade: Story = {
  parameters: { scenario: planSwitcherScenarios.active },
  play: async ({ args, canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('radio', { name: 'Basic' }, WAIT));
    await expect(await previewedAmountDueNow(canvas)).toBe('$0.00');

    await confirmChange(canvas, userEvent, /^Change to Basic on /);

    await expect(await canvas.findByText(/^Your plan changes to Basic on /, {}, WAIT)).toBeVisible();
    await expect(billing.state().subscriptions[0]).toMatchObject({
      planName: 'Pro',
      scheduledChange: { priceId: 'price_basic_month', planName: 'Basic' },
    });
    await expect(args.onChanged).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'scheduled' }));

    await userEvent.click(await canvas.findByRole('button', { name: 'Keep Pro' }, WAIT));

    await expect(
      await canvas.findByText('The scheduled change was canceled. You stay on Pro.', {}, WAIT),
    ).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Keep Pro' })).not.toBeInTheDocument();
    await expect(billing.state().subscriptions[0]).toMatchObject({ planName: 'Pro', scheduledChange: null });
    await expect(billing.state().charges).toEqual([]);
  },
};

/** Monthly to yearly on the same plan: scheduled for the period end, nothing charged today. */
export const IntervalChangeAtPeriodEnd: Story = {
  parameters: { scenario: planSwitcherScenarios.active },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('radio', { name: 'Yearly' }, WAIT));
    await expect(canvas.getByRole('radio', { name: 'Pro' })).toBeChecked();
    await expect(await previewedAmountDueNow(canvas)).toBe('$0.00');

    await confirmChange(canvas, userEvent, /^Change to Pro on /);

    await expect(await canvas.findByText(/^Your plan changes to Pro on /, {}, WAIT)).toBeVisible();
    await expect(billing.state().subscriptions[0]).toMatchObject({
      priceId: 'price_pro_month',
      scheduledChange: { priceId: 'price_pro_year', interval: 'year' },
    });
    await expect(billing.state().charges).toEqual([]);
  },
};

/** Team from 3 to 5 seats: the two extra seats for the rest of the month are charged now, as previewed. */
export const SeatChange: Story = {
  parameters: { scenario: planSwitcherScenarios.perSeat },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    const seats = await canvas.findByRole('spinbutton', { name: 'Seats' }, WAIT);
    await userEvent.clear(seats);
    await userEvent.type(seats, '5');
    const shown = await previewedAmountDueNow(canvas);
    await expect(shown).toBe('$15.00');

    await confirmChange(canvas, userEvent, `Pay ${shown} now and switch`);

    await expect(await canvas.findByText("You're now on Team.", {}, WAIT)).toBeVisible();
    await expect(canvas.getByRole('spinbutton', { name: 'Seats' })).toHaveValue(5);
    const { charges, subscriptions } = billing.state();
    await expect(charges).toEqual([{ amount: 1500, currency: 'usd', paymentMethodId: 'pm_visa_4242' }]);
    await expect(subscriptions[0]).toMatchObject({ planName: 'Team', quantity: 5 });
  },
};
