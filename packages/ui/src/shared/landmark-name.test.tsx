import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  createInMemoryBilling,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { BillingPortal, Checkout, InvoiceHistory } from '../index.js';

const WAIT = { timeout: 5000 };

/** Two instances on one page, each labelled by its own host heading, as a page comparing two accounts would. */
function renderTwice(renderOne: (labelledBy: string) => React.ReactElement) {
  return render(
    <div>
      {['Acme', 'Globex'].map((account) => (
        <div key={account}>
          <h2 id={`account-${account}`}>{account}</h2>
          <InMemoryBillingProvider billing={createInMemoryBilling({ ...scenarios.active, latencyMs: 5 })}>
            {renderOne(`account-${account}`)}
          </InMemoryBillingProvider>
        </div>
      ))}
    </div>,
  );
}

describe('labelledBy: landmarks a screen reader can tell apart when a page shows a component twice', () => {
  it("names every section of each BillingPortal after its heading, then the host's label", async () => {
    renderTwice((labelledBy) => <BillingPortal labelledBy={labelledBy} />);

    for (const account of ['Acme', 'Globex']) {
      for (const section of [
        'Your plan',
        'Change plan',
        'Payment methods',
        'Invoices',
        'Cancel subscription',
      ]) {
        await expect(
          screen.findByRole('region', { name: `${section} ${account}` }, WAIT),
        ).resolves.toBeInTheDocument();
      }
    }
  });

  it("names each Checkout's order summary after its heading, then the host's label", async () => {
    renderTwice((labelledBy) => <Checkout priceId="price_pro_month" labelledBy={labelledBy} />);

    await expect(screen.findByRole('region', { name: 'Order summary Acme' }, WAIT)).resolves.toBeVisible();
    await expect(screen.findByRole('region', { name: 'Order summary Globex' }, WAIT)).resolves.toBeVisible();
  });

  it("keeps the heading alone as the name without it, and lets the host's aria-labelledby replace it", async () => {
    render(
      <InMemoryBillingProvider billing={createInMemoryBilling({ ...scenarios.active, latencyMs: 5 })}>
        <h2 id="billing-title">Billing history</h2>
        <InvoiceHistory />
        <InvoiceHistory aria-labelledby="billing-title" />
      </InMemoryBillingProvider>,
    );

    await expect(screen.findByRole('region', { name: 'Invoices' }, WAIT)).resolves.toBeInTheDocument();
    await expect(screen.findByRole('region', { name: 'Billing history' }, WAIT)).resolves.toBeInTheDocument();
  });
});
