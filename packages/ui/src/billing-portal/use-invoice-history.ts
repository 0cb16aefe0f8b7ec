import type { InvoiceSummary } from '@billing-kit/core';
import { useQuery } from '@tanstack/react-query';
import { invoicesQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';

/** What {@link useInvoiceHistory} returns. */
export interface UseInvoiceHistoryResult {
  /** `loading` on the first fetch, `error` when it failed, `empty` when the customer has no invoice yet. */
  status: 'loading' | 'error' | 'empty' | 'ready';
  /** Newest first; drafts are never listed. */
  invoices: InvoiceSummary[];
  /** Why loading failed, for the developer; show `messages.invoicesLoadFailed` to the customer. */
  error: Error | null;
  /** Fetches the invoices again. */
  retry: () => void;
}

/** The signed-in customer's invoices (the `invoices` query). Headless: no markup. */
export function useInvoiceHistory(): UseInvoiceHistoryResult {
  const { client } = useBillingContext('useInvoiceHistory');
  const query = useQuery(invoicesQueryOptions(client));
  const retry = () => {
    void query.refetch();
  };
  if (query.data) {
    const { invoices } = query.data;
    return { status: invoices.length > 0 ? 'ready' : 'empty', invoices, error: null, retry };
  }
  if (query.isError) return { status: 'error', invoices: [], error: query.error, retry };
  return { status: 'loading', invoices: [], error: null, retry };
}
