import type { Meta, StoryObj } from '@storybook/react-vite';
import { portalScenarios } from '../../test/portal-story-client.js';
import { renderInPortalStory } from '../../test/portal-story-provider.js';
import { InvoiceHistory } from './invoice-history.js';

const meta = {
  title: 'Billing portal/InvoiceHistory',
  component: InvoiceHistory,
  render: renderInPortalStory(InvoiceHistory),
} satisfies Meta<typeof InvoiceHistory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Invoices: Story = { parameters: { data: portalScenarios.pastDue } };
export const Empty: Story = { parameters: { data: portalScenarios.none } };
export const Loading: Story = { parameters: { data: portalScenarios.loading } };
export const LoadError: Story = { parameters: { data: portalScenarios.error } };
