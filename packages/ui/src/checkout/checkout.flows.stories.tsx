import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, within } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { enterCard, findThreeDSecureChallenge } from '../../test/storybook/card-entry.js';
import { submitCheckout, totalDueToday } from '../../test/storybook/checkout-play.js';
import { page, WAIT } from '../../test/storybook/play.js';
import { storyCatalogs } from '../../test/storybook/story-catalogs.js';
import type { PlanSelection } from '../pricing-table/index.js';
import { PricingTable } from '../pricing-table/pricing-table.js';
import { Checkout } from './checkout.js';

/** Props of {@link PlanThenCheckout}. */
interface PlanThenCheckoutProps {
  /** Start at the checkout of this price rather than at the pricing table. */
  priceId?: string;
}

/** A host page: the pricing table, then the checkout of the plan the customer chose. */
function PlanThenCheckout({ priceId }: PlanThenCheckoutProps) {
  const [selection, setSelection] = useState<Pick<PlanSelection, 'priceId' | 'quantity'> | null>(
    priceId ? { priceId, quantity: 1 } : null,
  );
  if (!selection) return <PricingTable onSelect={setSelection} />;
  return <Checkout priceId={selection.priceId} quantity={selection.quantity} />;
}

const meta = {
  title: 'Flows/Checkout',
  component: PlanThenCheckout,
  // Play functions only run in the story view: one docs page of every flow would show nothing more.
  tags: ['!autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Subscribing end to end on the in-memory billing server and the fake Stripe.js: each flow asserts what ' +
          'the customer sees and what the server recorded (subscriptions, charges).',
      },
    },
  },
  // A billing per story run, created before it renders, so the play function can read the server's `state()`.
  loaders: [withInMemoryBilling(scenarios.newCustomer)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PlanThenCheckout {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof PlanThenCheckout>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Choose Pro in the pricing table, see $22.00 (10% tax) in the order summary, pay with 4242 (a double click) and
 * get one subscription and exactly one charge of the previewed amount.
 */
export const ChooseAPlanAndPay: Story = {
  parameters: { scenario: { ...scenarios.newCustomer, taxRate: 10 } },
  play: async (context) => {
    const { canvas, userEvent, loaded } = context;
    await userEvent.click(await canvas.findByRole('button', { name: 'Choose Pro' }, WAIT));
    await expect(await totalDueToday(context)).toBe('$22.00');

    await enterCard(context, '4242 4242 4242 4242');
    await submitCheckout(context, /^Subscribe for \$22\.00$/, 'dblClick');

    await expect(await canvas.findByText("You're subscribed to Pro", {}, WAIT)).toBeVisible();
    const state = loadedBilling(loaded).state();
    await expect(state.charges).toEqual([expect.objectContaining({ amount: 2200, currency: 'usd' })]);
    await expect(state.subscriptions).toEqual([
      expect.objectContaining({ planName: 'Pro', status: 'active', quantity: 1 }),
    ]);
  },
};

/** Three seats of Team ($15 each): the checkout bills $45.00 and the subscription has three seats. */
export const ChooseSeatsAndPay: Story = {
  play: async (context) => {
    const { canvas, userEvent, loaded } = context;
    const seats = await canvas.findByLabelText('Seats for Team', {}, WAIT);
    await userEvent.clear(seats);
    await userEvent.type(seats, '3');
    await userEvent.click(canvas.getByRole('button', { name: 'Choose Team' }));
    await expect(await totalDueToday(context)).toBe('$45.00');

    await enterCard(context, '4242 4242 4242 4242');
    await submitCheckout(context, /^Subscribe for \$45\.00$/);

    await expect(await canvas.findByText("You're subscribed to Team", {}, WAIT)).toBeVisible();
    const state = loadedBilling(loaded).state();
    await expect(state.charges).toEqual([expect.objectContaining({ amount: 4500 })]);
    await expect(state.subscriptions).toEqual([expect.objectContaining({ planName: 'Team', quantity: 3 })]);
  },
};

/** 4000 0000 0000 0002 is declined in plain words and charges nothing; 4242 then subscribes once. */
export const DeclinedCardThenGoodCard: Story = {
  args: { priceId: 'price_pro_month' },
  play: async (context) => {
    const { canvas, loaded } = context;
    await enterCard(context, '4000 0000 0000 0002');
    await submitCheckout(context);
    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'Your card was declined. Try another card.',
    );
    await expect(loadedBilling(loaded).state().charges).toEqual([]);

    await enterCard(context, '4242 4242 4242 4242');
    await submitCheckout(context);

    await expect(await canvas.findByText("You're subscribed to Pro", {}, WAIT)).toBeVisible();
    const state = loadedBilling(loaded).state();
    await expect(state.charges).toEqual([expect.objectContaining({ amount: 2000 })]);
    // The retry confirmed the first subscription's payment: no second subscription was started.
    await expect(state.subscriptions).toEqual([expect.objectContaining({ status: 'active' })]);
  },
};

/** 4000 0025 0000 3155 asks for 3D Secure; completing the bank's challenge pays and subscribes. */
export const ThreeDSecureCompleted: Story = {
  args: { priceId: 'price_pro_month' },
  play: async (context) => {
    const { canvas, userEvent, loaded } = context;
    await enterCard(context, '4000 0025 0000 3155');
    await submitCheckout(context);

    const challenge = await findThreeDSecureChallenge();
    await expect(loadedBilling(loaded).state().subscriptions).toEqual([
      expect.objectContaining({ status: 'incomplete' }),
    ]);
    await userEvent.click(within(challenge).getByRole('button', { name: 'Complete' }));

    await expect(await canvas.findByText("You're subscribed to Pro", {}, WAIT)).toBeVisible();
    const state = loadedBilling(loaded).state();
    await expect(state.charges).toEqual([expect.objectContaining({ amount: 2000 })]);
    await expect(state.subscriptions).toEqual([expect.objectContaining({ status: 'active' })]);
  },
};

/** Failing the 3D Secure challenge charges nothing, says so plainly, and leaves the card form ready to retry. */
export const ThreeDSecureFailed: Story = {
  args: { priceId: 'price_pro_month' },
  play: async (context) => {
    const { canvas, canvasElement, userEvent, loaded } = context;
    await enterCard(context, '4000 0025 0000 3155');
    await submitCheckout(context);

    const challenge = await findThreeDSecureChallenge();
    await userEvent.click(within(challenge).getByRole('button', { name: 'Fail' }));

    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      "Your bank couldn't confirm this payment. Try again or use another card.",
    );
    await expect(page(canvasElement).queryByRole('dialog')).not.toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Subscribe for $20.00' })).toBeEnabled();
    const state = loadedBilling(loaded).state();
    await expect(state.charges).toEqual([]);
    await expect(state.subscriptions).toEqual([expect.objectContaining({ status: 'incomplete' })]);
  },
};

/** SPRING25 takes 25% off the first payment: the summary shows $15.00 and that is what is charged. */
export const PromotionCodeAccepted: Story = {
  args: { priceId: 'price_pro_month' },
  play: async (context) => {
    const { canvas, userEvent, loaded } = context;
    await userEvent.type(await canvas.findByLabelText('Promotion code', {}, WAIT), 'SPRING25');
    await userEvent.click(canvas.getByRole('button', { name: 'Apply' }));

    await expect(
      await canvas.findByText('SPRING25 applied: 25% off the first payment', {}, WAIT),
    ).toBeVisible();
    await expect(await totalDueToday(context)).toBe('$15.00');
    await enterCard(context, '4242 4242 4242 4242');
    await submitCheckout(context, /^Subscribe for \$15\.00$/);

    await expect(await canvas.findByText("You're subscribed to Pro", {}, WAIT)).toBeVisible();
    await expect(loadedBilling(loaded).state().charges).toEqual([expect.objectContaining({ amount: 1500 })]);
  },
};

/** An unknown code is refused next to the field; the full price stays and is what is charged. */
export const PromotionCodeRefused: Story = {
  args: { priceId: 'price_pro_month' },
  play: async (context) => {
    const { canvas, userEvent, loaded } = context;
    const field = await canvas.findByLabelText('Promotion code', {}, WAIT);
    await userEvent.type(field, 'NOPE');
    await userEvent.click(canvas.getByRole('button', { name: 'Apply' }));

    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'This promotion code is not valid.',
    );
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(await totalDueToday(context)).toBe('$20.00');
    await enterCard(context, '4242 4242 4242 4242');
    await submitCheckout(context, /^Subscribe for \$20\.00$/);

    await expect(await canvas.findByText("You're subscribed to Pro", {}, WAIT)).toBeVisible();
    await expect(loadedBilling(loaded).state().charges).toEqual([expect.objectContaining({ amount: 2000 })]);
  },
};

/** A price with a 14-day trial: the card is saved for later, the trial starts and nothing is charged today. */
export const TrialCheckout: Story = {
  parameters: { scenario: { catalog: storyCatalogs.trial } },
  args: { priceId: 'price_pro_month' },
  play: async (context) => {
    const { canvas, loaded } = context;
    await expect(await totalDueToday(context)).toBe('$0.00');
    await expect(canvas.getByText(/Nothing is charged today\.$/)).toBeVisible();
    await enterCard(context, '4242 4242 4242 4242');
    await submitCheckout(context, /^Start free trial$/);

    await expect(await canvas.findByText("You're subscribed to Pro", {}, WAIT)).toBeVisible();
    const state = loadedBilling(loaded).state();
    await expect(state.charges).toEqual([]);
    await expect(state.subscriptions).toEqual([expect.objectContaining({ status: 'trialing' })]);
    await expect(state.paymentMethods).toEqual([expect.objectContaining({ last4: '4242', isDefault: true })]);
  },
};
