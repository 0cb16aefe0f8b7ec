import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, waitFor, within } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { WAIT } from '../../test/storybook/play.js';
import { CancelSubscription } from './cancel-subscription.js';

const usage = `
Cancel at period end behind a confirmation stating the date the plan ends, and Resume while the cancellation is
pending. Renders nothing without a current subscription.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <CancelSubscription />
</BillingProvider>
\`\`\`
`;

const meta = {
  title: 'Components/CancelSubscription',
  component: CancelSubscription,
  tags: ['autodocs'],
  parameters: { docs: { description: { component: usage } } },
  argTypes: {
    headingLevel: headingLevelArgType,
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <CancelSubscription {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof CancelSubscription>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Renewing: "Cancel subscription" opens a confirmation naming the date the plan ends. */
export const Active: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT));
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' });
    await expect(dialog).toHaveTextContent('You keep Pro until March 1, 2027.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep subscription' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  },
};

/** Canceled at period end: the end date and "Resume subscription". */
export const CanceledAtPeriodEnd: Story = {
  parameters: { scenario: scenarios.endingAtPeriodEnd },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Resume subscription' }, WAIT)).toBeVisible();
    await expect(canvas.getByText('Your subscription ends on March 1, 2027.')).toBeVisible();
  },
};

/** In its trial: cancelling ends it at the trial's end. */
export const Trialing: Story = {
  parameters: { scenario: scenarios.trialing },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT)).toBeVisible();
  },
};

/** A downgrade is scheduled: cancelling is still offered (and releases the scheduled change). */
export const ScheduledDowngrade: Story = {
  parameters: { scenario: scenarios.scheduledDowngrade },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT)).toBeVisible();
  },
};

/** The first cancellation fails: the dialog stays open with the error, and trying again works. */
export const CancelFailsOnceThenRetry: Story = {
  parameters: { scenario: { ...scenarios.active, faults: { cancelSubscription: 'error-once' } } },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT));
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));
    await expect(
      await within(dialog).findByText("We couldn't cancel your subscription. Please try again.", {}, WAIT),
    ).toBeVisible();
    await expect(billing.state().subscriptions[0]?.cancelAtPeriodEnd).toBe(false);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));
    await expect(await canvas.findByRole('button', { name: 'Resume subscription' }, WAIT)).toBeVisible();
    await expect(billing.state().subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
  },
};

/** No subscription: nothing to cancel, so nothing renders. */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvasElement, loaded }) => {
    const billing = loadedBilling(loaded);
    await waitFor(
      () => expect(billing.state().requests.some((request) => request.path === '/subscriptions')).toBe(true),
      WAIT,
    );
    await expect(canvasElement.querySelector('[data-slot="cancel-subscription"]')).toBeNull();
  },
};

/** In German. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Abonnement kündigen' }, WAIT)).toBeVisible();
  },
};

/** The kit's dark tokens, with the confirmation open (Radix portals it to the page, which follows the theme). */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT));
    await expect(await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' })).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT)).toBeVisible();
  },
};
