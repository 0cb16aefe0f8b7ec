import { type Interval, MAX_QUANTITY, type Plan, type Price } from '@billing-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { findPriceForInterval, monthlyEquivalent, priceAmount } from '../pricing/price-amount.js';
import { catalogQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';

/** Where a plan stands for the signed-in customer. `available` means they have no plan yet. */
export type PlanState = 'current' | 'upgrade' | 'downgrade' | 'available';

/** What `onSelect` and `onChangePlan` receive: the price, how many seats, and where the plan stands. */
export interface PlanSelection {
  priceId: string;
  quantity: number;
  plan: Plan;
  /**
   * `available` for a customer without a plan (send them to the checkout); `upgrade` or `downgrade` for a current
   * customer (send them to the plan switcher).
   */
  state: PlanState;
}

/** One plan of the table, resolved for the selected interval. */
export interface PricingTablePlanModel {
  plan: Plan;
  /** The plan's price for the selected interval. */
  price: Price;
  state: PlanState;
  /** Seats chosen for a per-seat plan; always 1 otherwise. */
  seats: number;
  /** Clamped to 1..MAX_QUANTITY; ignored for plans that are not per seat. */
  setSeats: (seats: number) => void;
  /** Minor units per interval for the chosen seats. */
  amount: number;
  /** Minor units per interval for one seat (the plan's headline price). */
  perUnitAmount: number;
  /** Whole percent saved by paying yearly rather than monthly, or null when there is no saving. */
  yearlySavingPercent: number | null;
  /** Days of free trial starting on this price grants, or null. */
  trialDays: number | null;
  /** A tiered price: `perUnitAmount` is the lowest ("from") price and `price.tiers` the table. */
  tiered: boolean;
  /** Calls `onSelect` with this plan's price and seats. */
  select: () => void;
}

/** Options of {@link usePricingTable}. */
export interface UsePricingTableOptions {
  /** Called when the customer picks a plan (every plan, unless `onChangePlan` takes the current customer's). */
  onSelect?: (selection: PlanSelection) => void;
  /**
   * Called instead of `onSelect` when a customer who already has a plan picks another one (`state` is `upgrade` or
   * `downgrade`), e.g. to open the plan switcher with its proration preview rather than a new checkout.
   */
  onChangePlan?: (selection: PlanSelection) => void;
  /** Interval shown first (uncontrolled). Defaults to `month`. */
  defaultInterval?: Interval;
  /** Controlled interval. */
  interval?: Interval;
  /** Called when the customer toggles the interval. */
  onIntervalChange?: (interval: Interval) => void;
}

/** What {@link usePricingTable} returns: everything a pricing table shows, without any markup. */
export interface UsePricingTableResult {
  status: 'loading' | 'error' | 'empty' | 'ready';
  error: Error | null;
  /** Fetches the catalog again (after an error). */
  retry: () => void;
  interval: Interval;
  setInterval: (interval: Interval) => void;
  /** Intervals at least one plan is sold in, monthly first. */
  intervals: Interval[];
  /** The range of yearly savings across plans, or null when no plan is cheaper yearly. */
  yearlySaving: { min: number; max: number } | null;
  /** Plans with a price for the selected interval, in catalog order. */
  plans: PricingTablePlanModel[];
  currentPriceId: string | null;
}

const INTERVAL_ORDER: readonly Interval[] = ['month', 'year'];

/**
 * Headless pricing table: the catalog query, a monthly/yearly toggle with the yearly saving, per-plan seats and each
 * plan's state relative to the customer's current price. Render it any way you like, or use `<PricingTable>`.
 */
export function usePricingTable(options: UsePricingTableOptions = {}): UsePricingTableResult {
  const { client } = useBillingContext('usePricingTable');
  const { onSelect, onChangePlan, onIntervalChange } = options;
  const catalog = useQuery(catalogQueryOptions(client));
  const [uncontrolledInterval, setUncontrolledInterval] = useState<Interval>(
    options.defaultInterval ?? 'month',
  );
  const [seatsByPlan, setSeatsByPlan] = useState<Record<string, number>>({});

  const allPlans = catalog.data?.plans;
  const currentPriceId = catalog.data?.currentPriceId ?? null;

  const intervals = useMemo(
    () =>
      INTERVAL_ORDER.filter((interval) =>
        (allPlans ?? []).some((plan) => plan.prices.some((price) => price.interval === interval)),
      ),
    [allPlans],
  );
  const wanted = options.interval ?? uncontrolledInterval;
  // Fall back to an interval that exists so a yearly-only catalog never renders empty.
  const interval = intervals.includes(wanted) ? wanted : (intervals[0] ?? wanted);

  const setInterval = useCallback(
    (next: Interval) => {
      setUncontrolledInterval(next);
      onIntervalChange?.(next);
    },
    [onIntervalChange],
  );

  const plans = useMemo<PricingTablePlanModel[]>(() => {
    if (!allPlans) return [];
    const currentPrice = allPlans.flatMap((plan) => plan.prices).find((price) => price.id === currentPriceId);
    const models: PricingTablePlanModel[] = [];
    for (const plan of allPlans) {
      const price = findPriceForInterval(plan.prices, interval);
      if (!price) continue;
      const seats = plan.perSeat ? (seatsByPlan[plan.id] ?? 1) : 1;
      const state = planState(price, currentPrice);
      models.push({
        plan,
        price,
        seats,
        setSeats: (next) => {
          if (!plan.perSeat || !Number.isFinite(next)) return;
          const clamped = Math.min(MAX_QUANTITY, Math.max(1, Math.trunc(next)));
          setSeatsByPlan((previous) => ({ ...previous, [plan.id]: clamped }));
        },
        amount: priceAmount(price, seats),
        perUnitAmount: priceAmount(price, 1),
        state,
        yearlySavingPercent: yearlySavingPercent(plan, seats),
        trialDays: price.trialPeriodDays,
        tiered: price.billingScheme === 'tiered',
        select: () => {
          const selection = { priceId: price.id, quantity: seats, plan, state };
          if (onChangePlan && (state === 'upgrade' || state === 'downgrade')) onChangePlan(selection);
          else onSelect?.(selection);
        },
      });
    }
    return models;
  }, [allPlans, currentPriceId, interval, seatsByPlan, onSelect, onChangePlan]);

  const yearlySaving = useMemo(() => {
    const savings = (allPlans ?? [])
      .map((plan) => yearlySavingPercent(plan, 1))
      .filter((saving): saving is number => saving !== null);
    if (savings.length === 0) return null;
    return { min: Math.min(...savings), max: Math.max(...savings) };
  }, [allPlans]);

  const { refetch } = catalog;
  const retry = useCallback(() => {
    void refetch();
  }, [refetch]);

  let status: UsePricingTableResult['status'];
  if (catalog.isPending) status = 'loading';
  else if (catalog.isError) status = 'error';
  else status = plans.length === 0 ? 'empty' : 'ready';

  return {
    status,
    error: catalog.error,
    retry,
    interval,
    setInterval,
    intervals,
    yearlySaving,
    plans,
    currentPriceId,
  };
}

function planState(price: Price, currentPrice: Price | undefined): PlanState {
  if (!currentPrice) return 'available';
  if (price.id === currentPrice.id) return 'current';
  // Compare a month's worth of one unit so a yearly plan is not mistaken for an upgrade just for being yearly.
  const candidate = monthlyEquivalent(priceAmount(price, 1), price.interval, price.intervalCount);
  const current = monthlyEquivalent(
    priceAmount(currentPrice, 1),
    currentPrice.interval,
    currentPrice.intervalCount,
  );
  return candidate >= current ? 'upgrade' : 'downgrade';
}

function yearlySavingPercent(plan: Plan, seats: number): number | null {
  const monthly = findPriceForInterval(plan.prices, 'month');
  const yearly = findPriceForInterval(plan.prices, 'year');
  if (!monthly || !yearly || monthly.currency !== yearly.currency) return null;
  const monthlyPerYear = monthlyEquivalent(priceAmount(monthly, seats), 'month', monthly.intervalCount) * 12;
  const yearlyPerYear = monthlyEquivalent(priceAmount(yearly, seats), 'year', yearly.intervalCount) * 12;
  if (monthlyPerYear <= 0 || yearlyPerYear >= monthlyPerYear) return null;
  const percent = Math.round((1 - yearlyPerYear / monthlyPerYear) * 100);
  return percent > 0 ? percent : null;
}
