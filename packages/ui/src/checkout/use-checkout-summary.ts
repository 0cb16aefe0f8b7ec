import type { Plan, Price } from '@billing-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { priceAmount } from '../pricing/price-amount.js';
import { catalogQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';

/** Options of {@link useCheckoutSummary}. */
export interface UseCheckoutSummaryOptions {
  /** The catalog price being bought. */
  priceId: string;
  /** Seats; 1 for plans that are not per seat. */
  quantity?: number;
}

/** The order being placed, resolved from the catalog. */
export type CheckoutSummary =
  | { status: 'loading' }
  | { status: 'error'; error: Error; retry: () => void }
  /** The price is not in the catalog (archived, or a wrong id). */
  | { status: 'not_found' }
  | {
      status: 'ready';
      plan: Plan;
      price: Price;
      quantity: number;
      /** Minor units due today: the catalog price for `quantity` (no proration, tax or trial yet). */
      amountDueToday: number;
      currency: string;
    };

/** Headless order summary: which plan, which interval, how many seats and what is due today. */
export function useCheckoutSummary({ priceId, quantity = 1 }: UseCheckoutSummaryOptions): CheckoutSummary {
  const { client } = useBillingContext('useCheckoutSummary');
  const catalog = useQuery(catalogQueryOptions(client));
  const { refetch } = catalog;
  const retry = useCallback(() => {
    void refetch();
  }, [refetch]);

  if (catalog.isPending) return { status: 'loading' };
  if (catalog.isError) return { status: 'error', error: catalog.error, retry };
  for (const plan of catalog.data.plans) {
    const price = plan.prices.find((candidate) => candidate.id === priceId);
    if (price) {
      const seats = plan.perSeat ? quantity : 1;
      return {
        status: 'ready',
        plan,
        price,
        quantity: seats,
        amountDueToday: priceAmount(price, seats),
        currency: price.currency,
      };
    }
  }
  return { status: 'not_found' };
}
