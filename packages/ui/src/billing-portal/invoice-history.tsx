import type { InvoiceSummary } from '@billing-kit/core';
import { type ComponentProps, useId } from 'react';
import { formatMessage } from '../i18n/messages.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { type LandmarkNameProps, landmarkLabelledBy } from '../shared/landmark-name.js';
import { LoadError } from '../shared/load-error.js';
import { PortalSectionSkeleton } from './portal-loading.js';
import { invoiceStatusLabel } from './subscription-status-label.js';
import { useInvoiceHistory } from './use-invoice-history.js';

/** Props of {@link InvoiceHistory}. */
export interface InvoiceHistoryProps extends ComponentProps<'section'>, LandmarkNameProps {
  /** Level of the section heading, to fit the host page's outline. Default 2. */
  headingLevel?: HeadingLevel;
}

/**
 * The customer's invoices, newest first: date, number, amount, status, and links to Stripe's PDF and hosted page
 * (opened in a new tab). Loading skeleton, empty state, and an error with Retry.
 *
 * ```tsx
 * <InvoiceHistory />
 * ```
 */
export function InvoiceHistory({
  headingLevel = 2,
  labelledBy,
  className,
  ...sectionProps
}: InvoiceHistoryProps) {
  const { messages } = useBillingContext('InvoiceHistory');
  const history = useInvoiceHistory();
  const titleId = useId();

  return (
    <section
      data-slot="invoice-history"
      data-state={history.status}
      aria-busy={history.status === 'loading' || undefined}
      aria-labelledby={landmarkLabelledBy(titleId, labelledBy)}
      className={joinClassNames('bk-root bk-card bk-portal-section bk-invoice-history', className)}
      {...sectionProps}
    >
      <Heading
        level={headingLevel}
        id={titleId}
        data-slot="invoice-history-title"
        className="bk-portal-section-title"
      >
        {messages.invoicesHeading}
      </Heading>
      {history.status === 'loading' && <PortalSectionSkeleton label={messages.loadingInvoices} />}
      {history.status === 'error' && (
        <LoadError
          slot="invoice-history-error"
          message={messages.invoicesLoadFailed}
          retryLabel={messages.retry}
          onRetry={history.retry}
        />
      )}
      {history.status === 'empty' && (
        <p data-slot="invoice-history-empty" className="bk-empty">
          {messages.noInvoices}
        </p>
      )}
      {history.status === 'ready' && (
        <div className="bk-table-scroll">
          <table data-slot="invoice-history-table" className="bk-table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{messages.invoiceDate}</th>
                <th scope="col">{messages.invoiceNumber}</th>
                <th scope="col">{messages.invoiceAmount}</th>
                <th scope="col">{messages.invoiceStatus}</th>
                <th scope="col">{messages.invoiceDocuments}</th>
              </tr>
            </thead>
            <tbody>
              {history.invoices.map((invoice) => (
                <InvoiceHistoryRow key={invoice.id} invoice={invoice} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** One invoice as a table row. */
export function InvoiceHistoryRow({ invoice }: { invoice: InvoiceSummary }) {
  const { messages, formatMoney, formatDate } = useBillingContext('InvoiceHistoryRow');
  const number = invoice.number ?? invoice.id;
  return (
    <tr data-slot="invoice-history-row" data-state={invoice.status}>
      <td>{formatDate(invoice.created)}</td>
      <td>{number}</td>
      <td>{formatMoney(invoice.amountDue, invoice.currency)}</td>
      <td>
        <span
          data-slot="invoice-history-status"
          data-state={invoice.status}
          className="bk-badge"
          data-variant={
            invoice.status === 'paid' ? 'success' : invoice.status === 'open' ? 'danger' : 'neutral'
          }
        >
          {invoiceStatusLabel(invoice.status, messages)}
        </span>
      </td>
      <td>
        <div data-slot="invoice-history-links" className="bk-invoice-history-links">
          {invoice.invoicePdf && (
            <InvoiceLink
              href={invoice.invoicePdf}
              label={formatMessage(messages.invoicePdfLabel, { number })}
            >
              {messages.invoicePdf}
            </InvoiceLink>
          )}
          {invoice.hostedInvoiceUrl && (
            <InvoiceLink
              href={invoice.hostedInvoiceUrl}
              label={formatMessage(messages.invoiceViewLabel, { number })}
            >
              {messages.invoiceView}
            </InvoiceLink>
          )}
        </div>
      </td>
    </tr>
  );
}

function InvoiceLink({ href, label, children }: { href: string; label: string; children: string }) {
  const { messages } = useBillingContext('InvoiceHistoryRow');
  // The short visible word ("PDF") is in the accessible name too (WCAG 2.5.3, label in name).
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="bk-link"
      aria-label={`${label} ${messages.opensInNewTab}`}
    >
      {children}
    </a>
  );
}
