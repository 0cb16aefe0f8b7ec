import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { catalogResponse } from '../../test/catalog-fixture.js';
import { BillingProvider, createBillingClient } from '../index.js';
import { PricingTable } from './pricing-table.js';

/** Answers the catalog route from the shared fixtures, or with an error, after a short, visible delay. */
function catalogClient(answer: 'plans' | 'empty' | 'error' | 'loading') {
  return createBillingClient({
    baseUrl: 'https://storybook.local/api/billing',
    fetch: async () => {
      if (answer === 'loading') return new Promise<Response>(() => {});
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (answer === 'error') {
        return Response.json(
          { error: { code: 'internal_error', message: 'Something went wrong.' } },
          { status: 500 },
        );
      }
      return Response.json(catalogResponse(answer === 'empty' ? { plans: [] } : {}));
    },
  });
}

const meta = {
  title: 'Components/PricingTable',
  component: PricingTable,
  args: { onSelect: () => {} },
  render: (args, { parameters }) => (
    <BillingProvider
      client={catalogClient(parameters.catalog ?? 'plans')}
      // A fresh cache per story, without retries, so the error state shows at once.
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      stripe={() => Promise.resolve(null)}
    >
      <PricingTable {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Plans: Story = {};
export const Yearly: Story = { args: { defaultInterval: 'year' } };
export const Loading: Story = { parameters: { catalog: 'loading' } };
export const Empty: Story = { parameters: { catalog: 'empty' } };
export const LoadError: Story = { parameters: { catalog: 'error' } };
