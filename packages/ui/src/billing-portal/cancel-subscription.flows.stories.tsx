import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, within } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { WAIT } from '../../test/storybook/play.js';
import { CancelSubscription } from './cancel-subscription.js';
import { SubscriptionSummary } from './subscription-summary.js';

const meta = {
  title: 'Flows/Cancel and resume',
  component: CancelSubscription,
  tags: ['!autodocs'],
  parameters: {
    docs: {
      description: { component: 'Cancel at the period end, then change your mind and resume, end to end.' },
    },
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  // The summary above the cancel section, so the flow shows what the customer reads after each step.
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <SubscriptionSummary />
      <CancelSubscription {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof CancelSubscription>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Cancel at period end (confirmed), then resume: the summary and the server follow each step; nothing is charged. */
export const CancelAtPeriodEndThenResume: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT));
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' });
    await expect(dialog).toHaveTextContent('You keep Pro until March 1, 2027.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));

    const resume = await canvas.findByRole('button', { name: 'Resume subscription' }, WAIT);
    await expect(resume).toHaveFocus();
    await expect(canvas.getByText('Does not renew')).toBeVisible();
    await expect(billing.state().subscriptions[0]).toMatchObject({
      cancelAtPeriodEnd: true,
      nextInvoice: null,
    });

    await userEvent.click(resume);
    await expect(
      await canvas.findByText('Your subscription continues and renews on March 1, 2027.', {}, WAIT),
    ).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Cancel subscription' })).toHaveFocus();
    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, WAIT)).toBeVisible();
    const state = billing.state();
    await expect(state.subscriptions[0]).toMatchObject({
      cancelAtPeriodEnd: false,
      nextInvoice: { amount: 2000 },
    });
    await expect(state.charges).toEqual([]);
    await expect(
      state.requests.filter((request) => request.method === 'POST').map((request) => request.path),
    ).toEqual(['/subscriptions/sub_portal/cancel', '/subscriptions/sub_portal/resume']);
  },
};

/** "Keep subscription" closes the confirmation and changes nothing on the server. */
export const ChangeOfMind: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Cancel subscription' }, WAIT));
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel your subscription?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep subscription' }));

    await expect(canvas.getByRole('button', { name: 'Cancel subscription' })).toHaveFocus();
    await expect(billing.state().requests.filter((request) => request.method === 'POST')).toEqual([]);
  },
};
