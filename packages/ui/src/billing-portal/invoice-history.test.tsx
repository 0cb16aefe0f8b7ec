import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import {
  createFakeBillingFetch,
  type FakeAnswer,
  jsonResponse,
  never,
} from '../../test/fake-billing-fetch.js';
import { invoiceFixture, MARCH_1_2027 } from '../../test/portal-fixtures.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { createBillingClient, InvoiceHistory } from '../index.js';

function renderHistory(invoices: FakeAnswer[]) {
  const fake = createFakeBillingFetch({ 'GET /invoices': invoices });
  const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
  const view = renderWithBilling(<InvoiceHistory />, { client, stripe: () => Promise.resolve(null) });
  return { ...view, fake };
}

describe('InvoiceHistory', () => {
  it('given the invoices are loading, shows a skeleton announced once', async () => {
    const { container } = renderHistory([never]);

    expect(screen.getByRole('status')).toHaveTextContent('Loading invoices…');
    expect(screen.getByRole('region', { name: 'Invoices' })).toHaveAttribute('data-state', 'loading');
    await expectNoAxeViolations(container);
  });

  it('given the server fails, says so and Retry loads them', async () => {
    const user = userEvent.setup();
    const failure = jsonResponse({ error: { code: 'internal_error', message: 'Boom.' } }, 500);
    const { container } = renderHistory([failure, jsonResponse({ invoices: [invoiceFixture()] })]);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't load your invoices.");
    await expectNoAxeViolations(container);

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('table', { name: 'Invoices' })).toBeInTheDocument();
  });

  it('given no invoices, says so', async () => {
    const { container } = renderHistory([jsonResponse({ invoices: [] })]);

    expect(await screen.findByText('No invoices yet.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('given invoices, lists date, number, amount, status and the PDF and hosted links, newest first', async () => {
    const open = invoiceFixture({
      id: 'in_open',
      number: 'BK-0002',
      status: 'open',
      amountPaid: 0,
      created: MARCH_1_2027,
      hostedInvoiceUrl: 'https://invoice.example/in_open',
      invoicePdf: 'https://invoice.example/in_open.pdf',
    });
    const yen = invoiceFixture({ id: 'in_yen', number: 'BK-0001', currency: 'jpy', amountDue: 3000 });
    const { container } = renderHistory([jsonResponse({ invoices: [open, yen] })]);

    const table = await screen.findByRole('table', { name: 'Invoices' });
    const [header, first, second] = within(table).getAllByRole('row');
    expect(
      within(header as HTMLElement)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Date', 'Number', 'Amount', 'Status', 'Documents']);
    expect(
      within(first as HTMLElement)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['March 1, 2027', 'BK-0002', '$20.00', 'Due', 'PDFView']);
    expect(first).toHaveAttribute('data-state', 'open');
    expect(within(second as HTMLElement).getByText('¥3,000')).toBeInTheDocument();
    expect(within(second as HTMLElement).getByText('Paid')).toHaveAttribute('data-state', 'paid');

    const pdf = screen.getByRole('link', { name: 'Download invoice BK-0002 as PDF (opens in a new tab)' });
    expect(pdf).toHaveAttribute('href', 'https://invoice.example/in_open.pdf');
    expect(pdf).toHaveAttribute('target', '_blank');
    expect(pdf).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByRole('link', { name: 'View invoice BK-0002 (opens in a new tab)' })).toHaveAttribute(
      'href',
      'https://invoice.example/in_open',
    );
    await expectNoAxeViolations(container);
  });
});
