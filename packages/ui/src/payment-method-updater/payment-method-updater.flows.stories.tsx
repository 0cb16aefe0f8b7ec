import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, waitFor, within } from 'storybook/test';
import { type BillingScenario, savedCard, scenarios } from '../../test/in-memory-billing/index.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { enterCard, findThreeDSecureChallenge } from '../../test/storybook/card-entry.js';
import { WAIT } from '../../test/storybook/play.js';
import { PaymentMethodUpdater } from './payment-method-updater.js';

/** The active Pro subscription with two cards: the default Visa 4242 and a Mastercard 4444. */
const twoCards: BillingScenario = {
  ...scenarios.active,
  paymentMethods: [
    ...(scenarios.active.paymentMethods ?? []),
    savedCard({ id: 'pm_mastercard_4444', brand: 'mastercard', last4: '4444', expMonth: 6, expYear: 2031 }),
  ],
};

const meta = {
  title: 'Flows/Manage cards',
  component: PaymentMethodUpdater,
  tags: ['!autodocs'],
  parameters: {
    docs: {
      description: {
        component: 'Adding a card (with 3D Secure), making it the default, and removing cards, end to end.',
      },
    },
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PaymentMethodUpdater {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof PaymentMethodUpdater>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Add the 3D Secure card 4000 0025 0000 3155, complete the bank's challenge, then make it the default. Nothing is
 * charged; the card setup is one action (one idempotency key for creating and completing it).
 */
export const AddCardWith3dsAndMakeDefault: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Add a card' }, WAIT));
    await enterCard({ canvas, userEvent }, '4000002500003155');
    await expect(canvas.getByRole('checkbox', { name: 'Make this my default card' })).not.toBeChecked();
    const save = canvas.getByRole('button', { name: 'Save card' });
    await waitFor(() => expect(save).toBeEnabled(), WAIT);
    await userEvent.click(save);

    const challenge = await findThreeDSecureChallenge();
    await userEvent.click(within(challenge).getByRole('button', { name: 'Complete' }));
    await expect(await canvas.findByText('Your new card was saved.', {}, WAIT)).toBeVisible();
    const added = canvas.getByRole('listitem', { name: 'Visa ending in 3155' });
    await expect(added).not.toHaveTextContent('Default');

    await userEvent.click(within(added).getByRole('button', { name: 'Make default: Visa ending in 3155' }));
    await expect(
      await canvas.findByText('Visa ending in 3155 is now your default card.', {}, WAIT),
    ).toBeVisible();
    await expect(canvas.getByRole('listitem', { name: 'Visa ending in 3155' })).toHaveTextContent('Default');

    const state = billing.state();
    await expect(state.paymentMethods.map((card) => [card.last4, card.isDefault])).toEqual([
      ['3155', true],
      ['4242', false],
    ]);
    await expect(state.charges).toEqual([]);
    const setup = state.requests.filter((request) =>
      request.path.startsWith('/payment-methods/setup-intent'),
    );
    await expect(setup.map((request) => request.path)).toEqual([
      '/payment-methods/setup-intent',
      '/payment-methods/setup-intent/complete',
    ]);
    await expect(setup[1]?.idempotencyKey).toBe(setup[0]?.idempotencyKey);
  },
};

/** The customer fails the bank's challenge: plain words, the card is not saved. */
export const AddCardFails3ds: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Add a card' }, WAIT));
    await enterCard({ canvas, userEvent }, '4000002500003155');
    const save = canvas.getByRole('button', { name: 'Save card' });
    await waitFor(() => expect(save).toBeEnabled(), WAIT);
    await userEvent.click(save);

    const challenge = await findThreeDSecureChallenge();
    await userEvent.click(within(challenge).getByRole('button', { name: 'Fail' }));
    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      "Your bank couldn't confirm this payment. Try again or use another card.",
    );
    await expect(billing.state().paymentMethods.map((card) => card.last4)).toEqual(['4242']);
  },
};

/** Remove the Mastercard after confirming: it is gone from the list and from the server. */
export const RemoveCard: Story = {
  parameters: { scenario: twoCards },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    const mastercard = await canvas.findByRole('listitem', { name: 'Mastercard ending in 4444' }, WAIT);
    await userEvent.click(
      within(mastercard).getByRole('button', { name: 'Remove Mastercard ending in 4444' }),
    );
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove Mastercard ending in 4444?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove card' }));

    await expect(await canvas.findByText('Mastercard ending in 4444 was removed.', {}, WAIT)).toBeVisible();
    await expect(
      canvas.queryByRole('listitem', { name: 'Mastercard ending in 4444' }),
    ).not.toBeInTheDocument();
    await expect(billing.state().paymentMethods.map((card) => card.last4)).toEqual(['4242']);
  },
};

/** Removing the default card of a live subscription is refused, in the server's plain words; nothing changes. */
export const RemoveDefaultCardRefused: Story = {
  parameters: { scenario: twoCards },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    const visa = await canvas.findByRole('listitem', { name: 'Visa ending in 4242' }, WAIT);
    await userEvent.click(within(visa).getByRole('button', { name: 'Remove Visa ending in 4242' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove Visa ending in 4242?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove card' }));

    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'Your subscription is charged to this card. Make another card the default before removing it.',
    );
    await expect(billing.state().paymentMethods.map((card) => [card.last4, card.isDefault])).toEqual([
      ['4242', true],
      ['4444', false],
    ]);
  },
};
