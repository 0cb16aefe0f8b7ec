import type { Plan, PreviewSubscriptionResponse, Price } from '@billing-kit/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isBillingApiError } from '../provider/billing-api-error.js';
import { catalogQueryOptions, subscriptionPreviewQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';

/** Options of {@link useCheckoutSummary}. */
export interface UseCheckoutSummaryOptions {
  /** The catalog price being bought. */
  priceId: string;
  /** Seats; ignored (1) for plans that are not per seat. */
  quantity?: number;
  /** A promotion code to try on mount (e.g. from a campaign link); refused codes show the usual error. */
  defaultPromotionCode?: string;
}

/** The order being placed: the catalog's plan and price with the server's preview of the first invoice. */
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
      /**
       * The server's `previewSubscription` for this price, quantity and applied promotion code: lines, subtotal,
       * discount, tax, total due today, trial end and the next charge. What the customer is charged.
       */
      preview: PreviewSubscriptionResponse;
      /** Minor units charged today: `preview.totalDueToday` (0 during a trial). */
      amountDueToday: number;
      currency: string;
      /** True while a new preview is fetched (seats changed); the previous one is still shown. */
      isUpdating: boolean;
    };

/** Promotion code entry: what is applied, what was refused, and the actions. */
export interface CheckoutPromotionCode {
  /** The code the current preview is priced with, or null. */
  applied: string | null;
  /** `applying` while the server checks a code; `invalid` after a refusal (`error` says why). */
  status: 'idle' | 'applying' | 'invalid';
  /** Plain words for the customer after a refused code. */
  error: string | null;
  /** Checks `code` with the server; applies it when valid. Resolves true when applied. */
  apply: (code: string) => Promise<boolean>;
  /** Removes the applied code. */
  remove: () => void;
  /** Forgets a refusal (e.g. when the customer edits the code). */
  clearError: () => void;
}

/** What {@link useCheckoutSummary} returns. */
export type UseCheckoutSummaryResult = CheckoutSummary & { promotionCode: CheckoutPromotionCode };

/**
 * Headless order summary: which plan, interval and seats, priced by the server's `POST /subscriptions/preview`
 * (discount, tax, total due today, trial end, next charge), with promotion code entry. A refused code
 * (`invalid_promotion_code`) never replaces the current preview: it is reported in `promotionCode.error`.
 */
export function useCheckoutSummary({
  priceId,
  quantity = 1,
  defaultPromotionCode,
}: UseCheckoutSummaryOptions): UseCheckoutSummaryResult {
  const { client, messages } = useBillingContext('useCheckoutSummary');
  const queryClient = useQueryClient();
  const catalog = useQuery(catalogQueryOptions(client));
  const [applied, setApplied] = useState<string | null>(null);
  const [promotionStatus, setPromotionStatus] = useState<CheckoutPromotionCode['status']>('idle');
  const [promotionError, setPromotionError] = useState<string | null>(null);

  let plan: Plan | undefined;
  let price: Price | undefined;
  for (const candidate of catalog.data?.plans ?? []) {
    price = candidate.prices.find((entry) => entry.id === priceId);
    if (price) {
      plan = candidate;
      break;
    }
  }
  const seats = plan?.perSeat ? quantity : 1;
  const previewInput = { priceId, quantity: seats, ...(applied ? { promotionCode: applied } : {}) };
  const preview = useQuery({
    ...subscriptionPreviewQueryOptions(client, previewInput),
    enabled: price !== undefined,
    // Changing seats keeps showing the last total (and keeps the Payment Element mounted) until the new one lands.
    placeholderData: keepPreviousData,
  });

  const apply = useCallback(
    async (code: string) => {
      const trimmed = code.trim();
      if (trimmed === '') return false;
      setPromotionStatus('applying');
      setPromotionError(null);
      try {
        // Fetched into the cache first, so the summary switches to the discounted total in one step.
        await queryClient.fetchQuery(
          subscriptionPreviewQueryOptions(client, { priceId, quantity: seats, promotionCode: trimmed }),
        );
        setApplied(trimmed);
        setPromotionStatus('idle');
        return true;
      } catch (error) {
        const refused =
          isBillingApiError(error) &&
          (error.code === 'invalid_promotion_code' ||
            (error.code === 'invalid_request' && error.field === 'promotionCode'));
        setPromotionStatus('invalid');
        setPromotionError(refused ? messages.promotionCodeInvalid : messages.promotionCodeCheckFailed);
        return false;
      }
    },
    [queryClient, client, priceId, seats, messages],
  );
  const remove = useCallback(() => {
    setApplied(null);
    setPromotionStatus('idle');
    setPromotionError(null);
  }, []);
  const clearError = useCallback(() => {
    setPromotionStatus((status) => (status === 'invalid' ? 'idle' : status));
    setPromotionError(null);
  }, []);

  const triedDefault = useRef(false);
  useEffect(() => {
    if (triedDefault.current || !defaultPromotionCode || !price) return;
    triedDefault.current = true;
    void apply(defaultPromotionCode);
  }, [defaultPromotionCode, price, apply]);

  const { refetch: refetchCatalog } = catalog;
  const { refetch: refetchPreview } = preview;
  const retry = useCallback(() => {
    void refetchCatalog();
    void refetchPreview();
  }, [refetchCatalog, refetchPreview]);

  const promotionCode: CheckoutPromotionCode = {
    applied,
    status: promotionStatus,
    error: promotionError,
    apply,
    remove,
    clearError,
  };

  if (catalog.isPending) return { status: 'loading', promotionCode };
  if (catalog.isError) return { status: 'error', error: catalog.error, retry, promotionCode };
  if (!plan || !price) return { status: 'not_found', promotionCode };
  if (preview.isError && !preview.data)
    return { status: 'error', error: preview.error, retry, promotionCode };
  if (!preview.data) return { status: 'loading', promotionCode };
  return {
    status: 'ready',
    plan,
    price,
    quantity: seats,
    preview: preview.data,
    amountDueToday: preview.data.totalDueToday,
    currency: preview.data.currency,
    isUpdating: preview.isPlaceholderData || preview.isFetching,
    promotionCode,
  };
}
