import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { type BillingScenario, scenarios } from '../../test/in-memory-billing/index.js';
import { FEBRUARY_1_2027, invoiceFixture } from '../../test/portal-fixtures.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { WAIT } from '../../test/storybook/play.js';
import { InvoiceHistory } from './invoice-history.js';

const usage = `
The customer's invoices, newest first: date, number, amount, status, and links to Stripe's PDF and hosted page.
Loading skeleton, empty state, and an error with Retry.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <InvoiceHistory />
</BillingProvider>
\`\`\`
`;

const MONTH = 30 * 86_400;

/** A year of monthly invoices: one void, one uncollectible, the rest paid. */
const aYearOfInvoices: BillingScenario = {
  ...scenarios.active,
  invoices: Array.from({ length: 12 }, (_, index) =>
    invoiceFixture({
      id: `in_${index}`,
      number: `BK-${String(12 - index).padStart(4, '0')}`,
      created: FEBRUARY_1_2027 - index * MONTH,
      status: index === 4 ? 'void' : index === 7 ? 'uncollectible' : 'paid',
      amountPaid: index === 4 || index === 7 ? 0 : 2000,
    }),
  ),
};

/** Invoices in yen, a zero-decimal currency. */
const yen: BillingScenario = {
  ...scenarios.active,
  invoices: [invoiceFixture({ currency: 'jpy', amountDue: 2000, amountPaid: 2000 })],
};

const meta = {
  title: 'Components/InvoiceHistory',
  component: InvoiceHistory,
  tags: ['autodocs'],
  parameters: { docs: { description: { component: usage } } },
  argTypes: {
    headingLevel: headingLevelArgType,
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <InvoiceHistory {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof InvoiceHistory>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One paid invoice, with its PDF and hosted page. */
export const Paid: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('cell', { name: 'BK-0001' }, WAIT)).toBeVisible();
    await expect(canvas.getByRole('link', { name: /^Download invoice BK-0001 as PDF/ })).toHaveAttribute(
      'href',
      'https://invoice.example/in_paid.pdf',
    );
  },
};

/** The failed renewal is listed as due above the paid one. */
export const PastDue: Story = {
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas }) => {
    const rows = await canvas.findAllByRole('row', {}, WAIT);
    await expect(rows[1]).toHaveTextContent('BK-0002');
    await expect(rows[1]).toHaveTextContent('Due');
  },
};

/** Twelve invoices, including a void and an uncollectible one. */
export const AYearOfInvoices: Story = {
  parameters: { scenario: aYearOfInvoices },
  play: async ({ canvas }) => {
    await expect(await canvas.findAllByRole('row', {}, WAIT)).toHaveLength(13);
    await expect(canvas.getByText('Void')).toBeVisible();
    await expect(canvas.getByText('Uncollectible')).toBeVisible();
  },
};

/** A new customer: no invoices yet. */
export const Empty: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No invoices yet.', {}, WAIT)).toBeVisible();
  },
};

/** The invoices never arrive: a skeleton, announced as busy. */
export const Loading: Story = {
  parameters: { scenario: scenarios.loading },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Invoices' })).toHaveAttribute('aria-busy', 'true');
  },
};

/** The first read fails: an error with Retry, and Retry shows the invoices. */
export const LoadErrorWithRetry: Story = {
  parameters: { scenario: scenarios.error },
  play: async ({ canvas, userEvent }) => {
    await expect(await canvas.findByText("We couldn't load your invoices.", {}, WAIT)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('cell', { name: 'BK-0001' }, WAIT)).toBeVisible();
  },
};

/** Billed in yen: no decimals. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: yen },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('cell', { name: '¥2,000' }, WAIT)).toBeVisible();
  },
};

/** In German: strings from `deMessages`, money and dates for de-DE. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('heading', { name: 'Rechnungen' }, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('cell', { name: '1. Februar 2027' }, WAIT)).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('cell', { name: 'BK-0001' }, WAIT)).toBeVisible();
  },
};

/** A 320 px phone: the table scrolls sideways inside its section. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('cell', { name: 'BK-0001' }, WAIT)).toBeVisible();
  },
};
