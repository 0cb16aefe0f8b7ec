import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { enterCard } from '../../test/storybook/card-entry.js';
import { submitCheckout, totalDueToday } from '../../test/storybook/checkout-play.js';
import { WAIT } from '../../test/storybook/play.js';
import { storyCatalogs } from '../../test/storybook/story-catalogs.js';
import { Checkout } from './checkout.js';

const meta = {
  title: 'Components/Checkout',
  component: Checkout,
  tags: ['autodocs'],
  args: { priceId: 'price_pro_month', onSuccess: fn() },
  argTypes: {
    priceId: {
      control: 'select',
      options: ['price_basic_month', 'price_pro_month', 'price_pro_year', 'price_team_month', 'price_gone'],
    },
    quantity: { control: { type: 'number', min: 1, max: 100 } },
    defaultPromotionCode: { control: 'text' },
    hidePromotionCode: { control: 'boolean' },
    headingLevel: headingLevelArgType,
    onSuccess: { control: false, table: { category: 'Events' } },
    appearance: { control: 'object' },
    returnUrl: { control: 'text' },
    pollIntervalMs: { control: 'number' },
    activationTimeoutMs: { control: 'number' },
  },
  parameters: {
    docs: {
      description: {
        component: `Subscribes the signed-in customer to a price: an order summary priced by the server (discount, tax,
total due today, trial end, next charge), promotion code entry, Stripe's Payment Element and one submit button
that cannot charge twice. Card entry here is the emulator's fake Stripe.js: try 4242 4242 4242 4242 (pays),
4000 0000 0000 0002 (declined) or 4000 0025 0000 3155 (3D Secure), any future expiry, any CVC; SPRING25 is a valid
promotion code.

\`\`\`tsx
import { BillingProvider, Checkout, createBillingClient } from '@billing-kit/ui';
import { loadStripe } from '@stripe/stripe-js';
import '@billing-kit/ui/styles.css';

const client = createBillingClient({ baseUrl: '/api/billing' });

<BillingProvider client={client} stripe={() => loadStripe('pk_test_...')}>
  <Checkout priceId="price_pro_month" quantity={1} onSuccess={() => navigate('/account')} />
</BillingProvider>
\`\`\``,
      },
    },
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (a new customer by default).
  loaders: [withInMemoryBilling(scenarios.newCustomer)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <Checkout {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof Checkout>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A new customer subscribing to Pro: the summary, the promotion code field and the card form. */
export const NewCustomer: Story = {
  play: async (context) => {
    await expect(await totalDueToday(context)).toBe('$20.00');
    await expect(await context.canvas.findByLabelText('Card number', {}, WAIT)).toBeVisible();
  },
};

/** 10% tax on top: subtotal, tax and total. */
export const WithTax: Story = {
  parameters: { scenario: { ...scenarios.newCustomer, taxRate: 10 } },
  play: async (context) => {
    await expect(await totalDueToday(context)).toBe('$22.00');
    await expect(context.canvas.getByText('Tax').nextElementSibling).toHaveTextContent('$2.00');
  },
};

/** Three seats of Team, $15 each. */
export const PerSeat: Story = {
  args: { priceId: 'price_team_month', quantity: 3 },
  play: async (context) => {
    await expect(await totalDueToday(context)).toBe('$45.00');
    await expect(context.canvas.getByText('Seats').nextElementSibling).toHaveTextContent('3');
  },
};

/** 25 units of the graduated API price: 10 × $5 + (15 × $3 + $10) = $105.00. */
export const Tiered: Story = {
  parameters: { scenario: { catalog: storyCatalogs.tiered } },
  args: { priceId: 'price_api_month', quantity: 25 },
  play: async (context) => {
    await expect(await totalDueToday(context)).toBe('$105.00');
  },
};

/** Yen, a zero-decimal currency: ¥2,000 on the summary and the button. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: { catalog: storyCatalogs.yen } },
  play: async (context) => {
    await expect(await totalDueToday(context)).toBe('¥2,000');
    await expect(context.canvas.getByRole('button', { name: 'Subscribe for ¥2,000' })).toBeVisible();
  },
};

/** A price with a 14-day trial: nothing due today, the card is only saved. */
export const Trial: Story = {
  parameters: { scenario: { catalog: storyCatalogs.trial } },
  play: async (context) => {
    await expect(await totalDueToday(context)).toBe('$0.00');
    await expect(context.canvas.getByRole('button', { name: 'Start free trial' })).toBeVisible();
  },
};

/** A campaign link's code, applied on mount: 25% off the first payment. */
export const PromotionCodeAccepted: Story = {
  args: { defaultPromotionCode: 'SPRING25' },
  play: async (context) => {
    await expect(
      await context.canvas.findByText('SPRING25 applied: 25% off the first payment', {}, WAIT),
    ).toBeVisible();
    await expect(await totalDueToday(context)).toBe('$15.00');
  },
};

/** A code the server does not know: refused next to the field, the full price stays. */
export const PromotionCodeRefused: Story = {
  args: { defaultPromotionCode: 'NOPE' },
  play: async (context) => {
    await expect(await context.canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'This promotion code is not valid.',
    );
    await expect(await totalDueToday(context)).toBe('$20.00');
  },
};

/** A declined card (4000 0000 0000 0002): the reason in plain words, and the form ready for another card. */
export const DeclinedCard: Story = {
  play: async (context) => {
    await enterCard(context, '4000 0000 0000 0002');
    await submitCheckout(context);
    await expect(await context.canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'Your card was declined. Try another card.',
    );
    await expect(context.canvas.getByRole('button', { name: 'Subscribe for $20.00' })).toBeEnabled();
  },
};

/** German strings, dates and money (the toolbar's locale, pinned). */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('region', { name: 'Bestellübersicht' }, WAIT)).toBeVisible();
    await expect(
      await canvas.findByRole('button', { name: /^Für 20,00\s\$ abonnieren$/ }, WAIT),
    ).toBeVisible();
  },
};

/** The kit's dark tokens; the Payment Element follows them. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async (context) => {
    await expect(await context.canvas.findByLabelText('Card number', {}, WAIT)).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async (context) => {
    await expect(await context.canvas.findByLabelText('Card number', {}, WAIT)).toBeVisible();
  },
};

/** While the plan and its price load: placeholders, announced once. */
export const Loading: Story = {
  parameters: { scenario: { ...scenarios.newCustomer, faults: { getCatalog: 'loading' } } },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Loading checkout…');
    await expect(canvasElement.querySelector('[data-slot="checkout"]')).toHaveAttribute('aria-busy', 'true');
  },
};

/** The plan fails to load once; Retry loads it. */
export const ErrorWithRetry: Story = {
  parameters: { scenario: { ...scenarios.newCustomer, faults: { getCatalog: 'error-once' } } },
  play: async (context) => {
    const { canvas, userEvent } = context;
    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent("We couldn't load this plan.");
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await totalDueToday(context)).toBe('$20.00');
    await waitFor(() => expect(canvas.queryByRole('alert')).not.toBeInTheDocument());
  },
};

/** The price preview fails once; Retry prices the order. */
export const PreviewErrorWithRetry: Story = {
  parameters: { scenario: { ...scenarios.newCustomer, faults: { previewSubscription: 'error-once' } } },
  play: async (context) => {
    const { canvas, userEvent } = context;
    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent("We couldn't load this plan.");
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await totalDueToday(context)).toBe('$20.00');
  },
};

/** A price that is no longer sold (an old link). */
export const PriceNotFound: Story = {
  args: { priceId: 'price_gone' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'This plan is no longer available.',
    );
  },
};
