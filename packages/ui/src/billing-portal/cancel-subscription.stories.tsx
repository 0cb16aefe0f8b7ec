import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, waitFor, within } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
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
    headingLevel: {
      description: "Level of the section heading, to fit the host page's outline.",
      control: { type: 'inline-radio' },
      options: [1, 2, 3, 4, 5, 6],
      table: { defaultValue: { summary: '2' } },
    },
  },
  // A fresh in-memory billing per render, seeded from the story's scenario (active unless the story says otherwise).
  loaders: [
    ({ parameters }) => ({
      billing: createInMemoryBilling(
        (parameters.scenario as BillingScenario | undefined) ?? scenarios.active,
      ),
    }),
  ],
  render: function Render(args, { loaded }) {
    const { locale, messages } = useStoryLocale();
    return (
      <InMemoryBillingProvider
        billing={loaded.billing as InMemoryBilling}
        locale={locale}
        messages={messages}
      >
        <CancelSubscription {...args} />
      </InMemoryBillingProvider>
    );
  },
} satisfies Meta<typeof CancelSubscription>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Renewing: "Cancel subscription" opens a confirmation naming the date the plan ends. */
export const Active: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Cancel subscription' }, { timeout: 5000 }),
    );
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
    await expect(
      await canvas.findByRole('button', { name: 'Resume subscription' }, { timeout: 5000 }),
    ).toBeVisible();
    await expect(canvas.getByText('Your subscription ends on March 1, 2027.')).toBeVisible();
  },
};

/** In its trial: cancelling ends it at the trial's end. */
export const Trialing: Story = {
  parameters: { scenario: scenarios.trialing },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Cancel subscription' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** A downgrade is scheduled: cancelling is still offered (and releases the scheduled change). */
export const ScheduledDowngrade: Story = {
  parameters: { scenario: scenarios.scheduledDowngrade },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Cancel subscription' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** The first cancellation fails: the dialog stays open with the error, and trying again works. */
export const CancelFailsOnceThenRetry: Story = {
  parameters: { scenario: { ...scenarios.active, faults: { cancelSubscription: 'error-once' } } },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loaded.billing as InMemoryBilling;
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Cancel subscription' }, { timeout: 5000 }),
    );
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));
    await expect(
      await within(dialog).findByText(
        "We couldn't cancel your subscription. Please try again.",
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
    await expect(billing.state().subscriptions[0]?.cancelAtPeriodEnd).toBe(false);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));
    await expect(
      await canvas.findByRole('button', { name: 'Resume subscription' }, { timeout: 5000 }),
    ).toBeVisible();
    await expect(billing.state().subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
  },
};

/** No subscription: nothing to cancel, so nothing renders. */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvasElement, loaded }) => {
    const billing = loaded.billing as InMemoryBilling;
    await waitFor(
      () => expect(billing.state().requests.some((request) => request.path === '/subscriptions')).toBe(true),
      { timeout: 5000 },
    );
    await expect(canvasElement.querySelector('[data-slot="cancel-subscription"]')).toBeNull();
  },
};

/** In German. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Abonnement kündigen' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** The kit's dark tokens, with the confirmation open (Radix portals it to the page, which follows the theme). */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Cancel subscription' }, { timeout: 5000 }),
    );
    await expect(await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' })).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Cancel subscription' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};
