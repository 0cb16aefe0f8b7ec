import {
  type Interval,
  MAX_QUANTITY,
  type Plan,
  type PreviewPlanChangeResponse,
  type Price,
  type ScheduledChange,
  type SubscriptionSummary,
  type SubscriptionsResponse,
} from '@billing-kit/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isSameAttemptAfter } from '../billing-portal/action-idempotency.js';
import { findPriceForInterval, monthlyEquivalent, priceAmount } from '../pricing/price-amount.js';
import { isBillingApiError } from '../provider/billing-api-error.js';
import { createIdempotencyKey } from '../provider/idempotency-key.js';
import { billingKeys } from '../provider/query-keys.js';
import {
  catalogQueryOptions,
  planChangePreviewQueryOptions,
  subscriptionsQueryOptions,
} from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';
import { cardErrorMessage } from '../shared/card-error-message.js';
import { customerMessage } from '../shared/customer-message.js';

/** Options of {@link usePlanSwitcher}. */
export interface UsePlanSwitcherOptions {
  /** The subscription to change (from `listSubscriptions`). */
  subscriptionId: string;
  /** How long the choice must rest before a preview is fetched, in ms. Defaults to 300. */
  debounceMs?: number;
  /** Called once a change is made: applied now (paid) or scheduled for the period end. */
  onChanged?: (change: { outcome: 'applied' | 'scheduled'; subscription: SubscriptionSummary }) => void;
}

/** Where a plan stands against the subscription: the one it is on, or a move up or down. */
export type PlanSwitcherPlanState = 'current' | 'upgrade' | 'downgrade';

/** One plan the customer can switch to, resolved for the chosen interval. */
export interface PlanSwitcherOption {
  plan: Plan;
  /** The plan's price for the chosen interval. */
  price: Price;
  state: PlanSwitcherPlanState;
  /** Minor units per interval for the chosen seats (1 for plans that are not per seat). */
  amount: number;
}

/** The customer's choice: a plan, an interval and, for per-seat plans, a seat count. */
export interface PlanSwitcherChoice {
  planId: string;
  interval: Interval;
  quantity: number;
}

/** The preview of the chosen change. `idle` when the choice is the current plan. */
export type PlanChangePreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string; retry: () => void }
  | { status: 'ready'; preview: PreviewPlanChangeResponse };

/**
 * Where the change is: `processing` while the server changes the plan, `authenticating` while the bank's 3D Secure
 * challenge is open, `succeeded` once applied or scheduled, `failed` with `error` in plain words.
 */
export type PlanChangeState = 'idle' | 'processing' | 'authenticating' | 'succeeded' | 'failed';

/** What {@link usePlanSwitcher} returns. */
export interface UsePlanSwitcherResult {
  /** `not_found`: the subscription is not the signed-in customer's (or no longer exists). */
  status: 'loading' | 'error' | 'not_found' | 'ready';
  /** Fetches the catalog and subscriptions again (after an error). */
  retry: () => void;
  subscription: SubscriptionSummary | null;
  /** Intervals at least one plan is sold in, monthly first. */
  intervals: Interval[];
  /** Plans with a price for the chosen interval in the subscription's currency, in catalog order. */
  options: PlanSwitcherOption[];
  /** The current choice; the subscription's plan until the customer picks another. */
  choice: PlanSwitcherChoice | null;
  selectPlan: (planId: string) => void;
  setInterval: (interval: Interval) => void;
  /** Clamped to 1..MAX_QUANTITY. */
  setQuantity: (quantity: number) => void;
  /** The chosen plan, when it is per seat the seat input applies. */
  selectedOption: PlanSwitcherOption | null;
  /** The choice differs from the subscription. */
  isChanged: boolean;
  preview: PlanChangePreviewState;
  /**
   * True after the server refused a confirmation because its preview was stale (the period rolled over): the preview
   * was fetched again and the customer should review it before confirming again.
   */
  previewRefreshed: boolean;
  /** Makes the previewed change with exactly its terms (`prorationDate` included). A second call while one runs is ignored. */
  confirm: () => Promise<void>;
  changeState: PlanChangeState;
  /** Plain words for the customer when `changeState` is `failed`. */
  changeError: string | null;
  /** The outcome once `changeState` is `succeeded`. */
  changeOutcome: { outcome: 'applied' | 'scheduled'; subscription: SubscriptionSummary } | null;
  /** A change already scheduled for the period end, if any. */
  scheduledChange: ScheduledChange | null;
  /** Cancels the scheduled change so the current plan renews. */
  cancelScheduledChange: () => Promise<void>;
  cancelScheduledState: 'idle' | 'processing' | 'succeeded' | 'failed';
  cancelScheduledError: string | null;
}

const INTERVAL_ORDER: readonly Interval[] = ['month', 'year'];

/**
 * Headless plan switcher: the customer's subscription and the catalog, a choice of plan, interval and seats, a
 * debounced preview of the change (each new choice cancels the previous request), and the confirmation: upgrades
 * are charged now with exactly the previewed proration (3D Secure handled in place through the provider's lazy
 * Stripe.js), downgrades are scheduled for the period end and can be cancelled. Invalidates, after a change:
 * `subscriptions` always; `catalog` (current price), `entitlements` and `invoices` when the plan changed now; after
 * cancelling a scheduled change, `subscriptions`. Both drop this subscription's cached `planChangePreview`s, which
 * were computed against the plan before.
 */
export function usePlanSwitcher({
  subscriptionId,
  debounceMs = 300,
  onChanged,
}: UsePlanSwitcherOptions): UsePlanSwitcherResult {
  const context = useBillingContext('usePlanSwitcher');
  const { client, messages, loadStripe } = context;
  const queryClient = useQueryClient();
  const catalog = useQuery(catalogQueryOptions(client));
  const subscriptions = useQuery(subscriptionsQueryOptions(client));
  const subscription =
    subscriptions.data?.subscriptions.find((candidate) => candidate.id === subscriptionId) ?? null;

  const [picked, setPicked] = useState<PlanSwitcherChoice | null>(null);
  const [changeState, setChangeState] = useState<PlanChangeState>('idle');
  const [changeError, setChangeError] = useState<string | null>(null);
  const [changeOutcome, setChangeOutcome] = useState<UsePlanSwitcherResult['changeOutcome']>(null);
  const [previewRefreshed, setPreviewRefreshed] = useState(false);
  const [cancelScheduledState, setCancelScheduledState] =
    useState<UsePlanSwitcherResult['cancelScheduledState']>('idle');
  const [cancelScheduledError, setCancelScheduledError] = useState<string | null>(null);
  // Refs, not state: two clicks in the same frame both see the state from before either ran.
  const changing = useRef(false);
  const unansweredChange = useRef<{ change: string; key: string } | null>(null);
  const cancellingSchedule = useRef(false);
  const onChangedRef = useRef(onChanged);
  useEffect(() => {
    onChangedRef.current = onChanged;
  });

  const plans = catalog.data?.plans;
  const currentPlan = subscription ? plans?.find((plan) => plan.id === subscription.planId) : undefined;
  const choice: PlanSwitcherChoice | null =
    picked ??
    (subscription
      ? { planId: subscription.planId, interval: subscription.interval, quantity: subscription.quantity }
      : null);

  const intervals = useMemo(() => {
    const sold = new Set(
      (plans ?? []).flatMap((plan) =>
        plan.prices
          .filter((price) => price.currency === subscription?.currency)
          .map((price) => price.interval),
      ),
    );
    return INTERVAL_ORDER.filter((interval) => sold.has(interval));
  }, [plans, subscription?.currency]);

  const options = useMemo<PlanSwitcherOption[]>(() => {
    if (!subscription || !plans || !choice) return [];
    const currentPrice = currentPlan?.prices.find((price) => price.id === subscription.priceId);
    const currentMonthly = currentPrice
      ? monthlyEquivalent(
          priceAmount(currentPrice, subscription.quantity),
          currentPrice.interval,
          currentPrice.intervalCount,
        )
      : 0;
    return plans.flatMap((plan) => {
      const price = findPriceForInterval(
        plan.prices.filter((candidate) => candidate.currency === subscription.currency),
        choice.interval,
      );
      if (!price) return [];
      const quantity = plan.perSeat ? choice.quantity : 1;
      const amount = priceAmount(price, quantity);
      const monthly = monthlyEquivalent(amount, price.interval, price.intervalCount);
      const state: PlanSwitcherPlanState =
        price.id === subscription.priceId && quantity === subscription.quantity
          ? 'current'
          : monthly > currentMonthly
            ? 'upgrade'
            : 'downgrade';
      return [{ plan, price, state, amount }];
    });
  }, [subscription, plans, currentPlan, choice]);

  const selectedOption = options.find((option) => option.plan.id === choice?.planId) ?? null;
  const request =
    selectedOption && selectedOption.state !== 'current'
      ? {
          priceId: selectedOption.price.id,
          quantity: selectedOption.plan.perSeat ? (choice?.quantity ?? 1) : 1,
        }
      : null;
  const requestKey = request ? `${request.priceId}:${request.quantity}` : null;
  const debouncedKey = useDebouncedValue(requestKey, debounceMs);
  const settled = debouncedKey === requestKey;

  const previewQuery = useQuery({
    ...planChangePreviewQueryOptions(client, {
      id: subscriptionId,
      priceId: request?.priceId ?? '',
      quantity: request?.quantity ?? 1,
    }),
    enabled: request !== null && settled,
  });
  const { refetch: refetchPreview } = previewQuery;
  const retryPreview = useCallback(() => {
    void refetchPreview();
  }, [refetchPreview]);

  let preview: PlanChangePreviewState;
  if (!request) preview = { status: 'idle' };
  // While a refresh runs the old terms must not be confirmable: show loading, not the previous preview.
  else if (!settled || previewQuery.isPending || previewQuery.isFetching) preview = { status: 'loading' };
  else if (previewQuery.isError)
    // A refusal the customer can act on ("Pay the open invoice before changing your plan.") in the server's words.
    preview = {
      status: 'error',
      message: customerMessage(previewQuery.error, messages, messages.previewFailed),
      retry: retryPreview,
    };
  else preview = { status: 'ready', preview: previewQuery.data };

  const resetOutcome = useCallback(() => {
    setChangeState((state) => (state === 'processing' || state === 'authenticating' ? state : 'idle'));
    setChangeError(null);
    setPreviewRefreshed(false);
  }, []);

  const selectPlan = useCallback(
    (planId: string) => {
      if (!choice) return;
      resetOutcome();
      setPicked({ ...choice, planId });
    },
    [choice, resetOutcome],
  );
  const setInterval = useCallback(
    (interval: Interval) => {
      if (!choice) return;
      resetOutcome();
      setPicked({ ...choice, interval });
    },
    [choice, resetOutcome],
  );
  const setQuantity = useCallback(
    (quantity: number) => {
      if (!choice || !Number.isFinite(quantity)) return;
      resetOutcome();
      setPicked({ ...choice, quantity: Math.min(MAX_QUANTITY, Math.max(1, Math.trunc(quantity))) });
    },
    [choice, resetOutcome],
  );

  const readyPreview = preview.status === 'ready' ? preview.preview : null;
  const confirm = useCallback(async () => {
    if (changing.current || !readyPreview) return;
    changing.current = true;
    setChangeState('processing');
    setChangeError(null);
    setPreviewRefreshed(false);
    // One key for the whole action: the change, and the confirmation after 3D Secure. Confirming the same change
    // again after a lost answer (or a retryable failure) is the same action: the same key, so it applies once.
    const change = JSON.stringify([
      readyPreview.target.priceId,
      readyPreview.target.quantity,
      readyPreview.prorationDate,
    ]);
    const idempotencyKey =
      unansweredChange.current?.change === change ? unansweredChange.current.key : createIdempotencyKey();
    unansweredChange.current = null;
    const fail = (message: string) => {
      setChangeState('failed');
      setChangeError(message);
    };
    try {
      const result = await client.changePlan(
        {
          id: subscriptionId,
          priceId: readyPreview.target.priceId,
          quantity: readyPreview.target.quantity,
          prorationDate: readyPreview.prorationDate,
        },
        { idempotencyKey },
      );
      let changed = result.subscription;
      if (result.outcome === 'requires_action') {
        setChangeState('authenticating');
        const stripe = await loadStripe().catch(() => null);
        if (!stripe || !result.paymentAction) {
          fail(messages.paymentUnavailable);
          return;
        }
        const action = await stripe.handleNextAction({ clientSecret: result.paymentAction.clientSecret });
        if (action.error) {
          // The pending update lapses: the plan stays as it was.
          fail(cardErrorMessage(action.error, messages));
          return;
        }
        changed = (await client.confirmSubscription({ id: subscriptionId }, { idempotencyKey })).subscription;
      }
      const outcome = result.outcome === 'scheduled' ? 'scheduled' : 'applied';
      queryClient.setQueryData<SubscriptionsResponse>(billingKeys.subscriptions(client.baseUrl), (previous) =>
        replaceSubscription(previous, changed),
      );
      // Every preview was computed against the plan before this change: none may be confirmed any more.
      queryClient.removeQueries({ queryKey: previewKeysOf(client.baseUrl, subscriptionId) });
      await invalidateAfterChange(queryClient, client.baseUrl, outcome);
      setPicked(null);
      setChangeOutcome({ outcome, subscription: changed });
      setChangeState('succeeded');
      onChangedRef.current?.({ outcome, subscription: changed });
    } catch (error) {
      if (isBillingApiError(error) && error.code === 'preview_expired') {
        // The period rolled over since the preview: show the new terms and let the customer confirm them.
        setChangeState('idle');
        setPreviewRefreshed(true);
        await queryClient.invalidateQueries({
          queryKey: billingKeys.planChangePreview(client.baseUrl, {
            id: subscriptionId,
            priceId: readyPreview.target.priceId,
            quantity: readyPreview.target.quantity,
          }),
        });
        return;
      }
      if (isSameAttemptAfter(error)) unansweredChange.current = { change, key: idempotencyKey };
      fail(customerMessage(error, messages));
    } finally {
      changing.current = false;
    }
  }, [readyPreview, client, subscriptionId, loadStripe, messages, queryClient]);

  const cancelScheduledChange = useCallback(async () => {
    if (cancellingSchedule.current) return;
    cancellingSchedule.current = true;
    setCancelScheduledState('processing');
    setCancelScheduledError(null);
    try {
      const { subscription: updated } = await client.cancelScheduledChange(
        { id: subscriptionId },
        { idempotencyKey: createIdempotencyKey() },
      );
      queryClient.setQueryData<SubscriptionsResponse>(billingKeys.subscriptions(client.baseUrl), (previous) =>
        replaceSubscription(previous, updated),
      );
      queryClient.removeQueries({ queryKey: previewKeysOf(client.baseUrl, subscriptionId) });
      await queryClient.invalidateQueries({ queryKey: billingKeys.subscriptions(client.baseUrl) });
      setChangeOutcome(null);
      setChangeState('idle');
      setCancelScheduledState('succeeded');
    } catch (error) {
      setCancelScheduledState('failed');
      setCancelScheduledError(customerMessage(error, messages, messages.cancelScheduledChangeFailed));
    } finally {
      cancellingSchedule.current = false;
    }
  }, [client, subscriptionId, queryClient, messages]);

  const retry = useCallback(() => {
    if (catalog.isError) void catalog.refetch();
    if (subscriptions.isError) void subscriptions.refetch();
  }, [catalog, subscriptions]);

  let status: UsePlanSwitcherResult['status'];
  // Loading until both first reads have settled: an error shown while the other read is still on its way would
  // come back when that one fails too, and the customer would need a second Retry.
  const firstReadInFlight = (query: { isPending: boolean; isFetching: boolean }) =>
    query.isPending && query.isFetching;
  if (firstReadInFlight(catalog) || firstReadInFlight(subscriptions)) status = 'loading';
  else if (catalog.isError || subscriptions.isError) status = 'error';
  else if (catalog.isPending || subscriptions.isPending) status = 'loading';
  else if (!subscription) status = 'not_found';
  else status = 'ready';

  return {
    status,
    retry,
    subscription,
    intervals,
    options,
    choice,
    selectPlan,
    setInterval,
    setQuantity,
    selectedOption,
    isChanged: request !== null,
    preview,
    previewRefreshed,
    confirm,
    changeState,
    changeError,
    changeOutcome,
    scheduledChange: subscription?.scheduledChange ?? null,
    cancelScheduledChange,
    cancelScheduledState,
    cancelScheduledError,
  };
}

/** The prefix of every preview key of one subscription: the factory's key without its last part (price, seats). */
function previewKeysOf(baseUrl: string, subscriptionId: string): readonly unknown[] {
  return billingKeys
    .planChangePreview(baseUrl, { id: subscriptionId, priceId: '', quantity: 1 })
    .slice(0, -1);
}

function replaceSubscription(
  previous: SubscriptionsResponse | undefined,
  changed: SubscriptionSummary,
): SubscriptionsResponse | undefined {
  if (!previous) return previous;
  return {
    subscriptions: previous.subscriptions.map((candidate) =>
      candidate.id === changed.id ? changed : candidate,
    ),
  };
}

async function invalidateAfterChange(
  queryClient: ReturnType<typeof useQueryClient>,
  baseUrl: string,
  outcome: 'applied' | 'scheduled',
): Promise<void> {
  const keys: ReadonlyArray<readonly unknown[]> =
    outcome === 'applied'
      ? [
          billingKeys.subscriptions(baseUrl),
          billingKeys.catalog(baseUrl),
          billingKeys.entitlements(baseUrl),
          billingKeys.invoices(baseUrl),
        ]
      : [billingKeys.subscriptions(baseUrl)];
  await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** `value`, once it has stayed the same for `delayMs`. */
function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    if (delayMs <= 0) {
      setDebounced(value);
      return;
    }
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs <= 0 ? value : debounced;
}
