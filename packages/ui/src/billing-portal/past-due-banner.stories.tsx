import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { subscriptionFixture } from '../../test/portal-fixtures.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { findThreeDSecureChallenge } from '../../test/storybook/card-entry.js';
import { WAIT } from '../../test/storybook/play.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
import { PastDueBanner } from './past-due-banner.js';

const usage = `
Shown only while a renewal could not be charged (\`past_due\` or \`unpaid\`): what is owed, a link to the card
section, and "Pay now" with the default card (3D Secure included). Renders nothing otherwise.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <PastDueBanner paymentMethodsHref="/settings/billing#cards" />
</BillingProvider>
\`\`\`
`;

const meta = {
  title: 'Components/PastDueBanner',
  component: PastDueBanner,
  tags: ['autodocs'],
  parameters: { docs: { description: { component: usage } } },
  argTypes: {
    paymentMethodsHref: {
      description: 'Where "Update your card" goes.',
      control: 'text',
      table: { defaultValue: { summary: '#billing-portal-payment-methods' } },
    },
    onUpdatePaymentMethod: {
      description: 'Client-side routing for "Update your card" (and "Pay now" when it is a link).',
      action: 'update payment method',
    },
    payNowHref: {
      description: 'Makes "Pay now" a link to where the customer pays instead of paying in place.',
      control: 'text',
    },
  },
  args: { paymentMethodsHref: '#cards' },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (pastDue unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.pastDue)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PastDueBanner {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof PastDueBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The renewal failed. Pay now charges the default Visa 4242 once and the subscription is active again. */
export const PastDueWithRecovery: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    const payNow = await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT);
    await expect(canvas.getByRole('alert')).toHaveTextContent("We couldn't charge $20.00 for Pro.");
    await userEvent.click(payNow);

    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, WAIT),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_4242' },
    ]);
    await expect(billing.state().subscriptions[0]?.status).toBe('active');
  },
};

/** The default card (0341) is declined again: plain words, nothing charged, still past due. */
export const DeclinedCard: Story = {
  parameters: { scenario: portalScenarios.pastDueWithFailingCard },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT));

    await expect(
      await canvas.findByText('Your card was declined. Update your card and try again.', {}, WAIT),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([]);
    await expect(billing.state().subscriptions[0]?.status).toBe('past_due');
  },
};

/** The bank asks for 3D Secure: the challenge opens in place, Complete pays the invoice. */
export const ThreeDSecureChallenge: Story = {
  parameters: { scenario: portalScenarios.pastDueWith3dsCard },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT));
    const challenge = await findThreeDSecureChallenge();
    await expect(billing.state().charges).toEqual([]);
    await userEvent.click(within(challenge).getByRole('button', { name: 'Complete' }));

    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, WAIT),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_3155' },
    ]);
  },
};

/** With `payNowHref`, "Pay now" is a link to the card section, which pays with a card the customer picks. */
export const PayNowAsLink: Story = {
  args: { payNowHref: '#cards' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('link', { name: 'Pay $20.00 now' }, WAIT)).toHaveAttribute(
      'href',
      '#cards',
    );
  },
};

/** Paid up: the banner renders nothing. */
export const Active: Story = {
  parameters: { scenario: scenarios.active },
  play: async ({ canvasElement, loaded }) => {
    const billing = loadedBilling(loaded);
    await waitFor(
      () => expect(billing.state().requests.some((request) => request.path === '/subscriptions')).toBe(true),
      WAIT,
    );
    await expect(canvasElement.querySelector('[data-slot="past-due-banner"]')).toBeNull();
  },
};

/** Billed in yen: the amount has no decimals. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: portalScenarios.pastDueInYen },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Pay ¥2,000 now' }, WAIT)).toBeVisible();
  },
};

/** In German. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Ihre letzte Zahlung ist fehlgeschlagen', {}, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('button', { name: /Jetzt 20,00\s\$ zahlen/ }, WAIT)).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT)).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT)).toBeVisible();
  },
};

/** Subscription `unpaid` after the last retry: still offered to pay. */
export const Unpaid: Story = {
  parameters: {
    scenario: {
      ...scenarios.pastDue,
      subscriptions: [subscriptionFixture({ status: 'unpaid', latestInvoiceStatus: 'open' })],
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT)).toBeVisible();
  },
};
