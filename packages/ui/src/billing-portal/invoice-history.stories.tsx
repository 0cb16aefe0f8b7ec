import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  type PortalStoryData,
  portalScenarios,
  portalStoryClient,
  storyQueryClient,
} from '../../test/portal-story-client.js';
import { BillingProvider } from '../index.js';
import { InvoiceHistory } from './invoice-history.js';

const meta = {
  title: 'Billing portal/InvoiceHistory',
  component: InvoiceHistory,
  render: (args, { parameters }) => (
    <BillingProvider
      client={portalStoryClient((parameters.data as PortalStoryData | undefined) ?? portalScenarios.active)}
      queryClient={storyQueryClient()}
      stripe={() => Promise.resolve(null)}
    >
      <InvoiceHistory {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof InvoiceHistory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Invoices: Story = { parameters: { data: portalScenarios.pastDue } };
export const Empty: Story = { parameters: { data: portalScenarios.none } };
export const Loading: Story = { parameters: { data: portalScenarios.loading } };
export const LoadError: Story = { parameters: { data: portalScenarios.error } };
