import type Stripe from 'stripe';
import { reconcilePendingUpdates, scheduleRetry } from '../billing/collect.js';
import { attemptInvoicePayment, type InvoicePaymentResult } from '../billing/invoice-payment.js';
import { cancelSubscriptionNow } from '../billing/lifecycle.js';
import { addBillingPeriods } from '../billing/periods.js';
import {
  type ChangeRequest,
  PRORATION_BEHAVIORS,
  planChange,
  readItemChanges,
} from '../billing/subscription-change.js';
import { invoiceSubscription } from '../billing/subscription-invoice.js';
import { buildSubscriptionItem, currentPeriod, periodLines } from '../billing/subscription-lines.js';
import { nowFor } from '../billing/time.js';
import { beginTransaction } from '../billing/transaction.js';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, invalidState, resourceMissing, StripeApiError } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { readDiscountEntries, resolveDiscounts } from './coupons.js';
import { getCustomer } from './customers.js';
import { getPrice } from './prices.js';
import { createSetupIntent } from './setup-intents.js';
import { readTaxRates } from './tax-rates.js';

const DAY = 86_400;
/** Stripe drops a `pending_update` whose invoice is not paid within 23 hours. */
const PENDING_UPDATE_EXPIRY_SECONDS = 23 * 3_600;
const CREATE_PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete'] as const;
const UPDATE_PAYMENT_BEHAVIORS = [
  'allow_incomplete',
  'default_incomplete',
  'error_if_incomplete',
  'pending_if_incomplete',
] as const;
const STATUSES = [
  'active',
  'all',
  'canceled',
  'ended',
  'incomplete',
  'incomplete_expired',
  'past_due',
  'paused',
  'trialing',
  'unpaid',
] as const;

/** The stored subscription, or 404/400 `resource_missing`. */
export function getSubscription(ctx: EmulatorContext, id: string, param?: string): Stripe.Subscription {
  const subscription = ctx.state.subscriptions.get(id);
  if (!subscription) throw resourceMissing('subscription', id, param);
  return subscription;
}

/** A 402 for a payment that did not go through, in Stripe's card_error shape. */
export function paymentFailedError(result: InvoicePaymentResult | undefined): StripeApiError {
  return new StripeApiError(402, {
    type: 'card_error',
    code: result?.error?.code ?? 'card_declined',
    ...(result?.error?.decline_code === undefined ? {} : { decline_code: result.error.decline_code }),
    message: result?.error?.message ?? 'Your card was declined.',
  });
}

function readTrialEnd(params: ParamReader, at: number): number | 'now' | undefined {
  const raw = params.string('trial_end');
  if (raw === undefined) return undefined;
  if (raw === 'now') return 'now';
  if (!/^\d+$/.test(raw)) throw invalidParam('trial_end', 'trial_end must be a unix timestamp or now.');
  const value = Number(raw);
  if (value <= at) throw invalidParam('trial_end', 'Invalid timestamp: must be in the future (or pass now).');
  return value;
}

function paymentMethodOf(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  customer: Stripe.Customer,
): string | null {
  const own = subscription.default_payment_method;
  if (typeof own === 'string') return own;
  const fallback = customer.invoice_settings.default_payment_method;
  return typeof fallback === 'string' && ctx.state.paymentMethods.has(fallback) ? fallback : null;
}

function checkCustomerPaymentMethod(
  ctx: EmulatorContext,
  customerId: string,
  id: string,
  param: string,
): void {
  const paymentMethod = ctx.state.paymentMethods.get(id);
  if (!paymentMethod || paymentMethod.customer !== customerId)
    throw resourceMissing('PaymentMethod', id, param);
}

function createSubscription(ctx: EmulatorContext, params: ParamReader): Stripe.Subscription {
  const customerId = params.string('customer', { required: true }) as string;
  const itemParams = params.objectArray('items', { required: true }) ?? [];
  const items = itemParams.map((item) => ({
    priceId: item.string('price', { required: true }) as string,
    param: item.name('price'),
    quantity: item.integer('quantity', { min: 0 }) ?? 1,
    metadata: mergeMetadata({}, item.metadata()),
    taxRates: readTaxRates(ctx, item, 'tax_rates') ?? [],
  }));
  const paymentBehavior =
    params.enumValue('payment_behavior', CREATE_PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
  const paymentSettingsParams = params.object('payment_settings');
  const saveDefault = paymentSettingsParams?.enumValue('save_default_payment_method', [
    'off',
    'on_subscription',
  ] as const);
  const paymentMethodTypes = paymentSettingsParams?.stringArray('payment_method_types');
  const defaultPaymentMethod = params.string('default_payment_method');
  const description = params.string('description');
  const metadata = mergeMetadata({}, params.metadata());
  const collectionMethod = params.string('collection_method');
  const offSession = params.boolean('off_session') ?? false;
  const trialPeriodDays = params.integer('trial_period_days', { min: 0, max: 730 });
  const trialFromPlan = params.boolean('trial_from_plan') ?? false;
  const discountEntries = readDiscountEntries(params);
  const defaultTaxRates = readTaxRates(ctx, params, 'default_tax_rates') ?? [];
  const cancelAtPeriodEnd = params.boolean('cancel_at_period_end') ?? false;
  const customer = getCustomer(ctx, customerId, 'customer');
  const at = nowFor(ctx, customer.id);
  const trialEndParam = readTrialEnd(params, at);
  params.finish();

  if (collectionMethod !== undefined && collectionMethod !== 'charge_automatically') {
    throw invalidParam(
      'collection_method',
      'The emulator only supports collection_method=charge_automatically.',
    );
  }
  if (paymentMethodTypes?.some((type) => type !== 'card')) {
    throw invalidParam('payment_settings[payment_method_types]', 'The emulator only supports card payments.');
  }
  if (items.length === 0) throw invalidParam('items', 'Missing required param: items.');
  const prices = items.map((item) => {
    const price = getPrice(ctx, item.priceId, item.param);
    if (price.type !== 'recurring' || !price.recurring) {
      throw invalidParam(
        item.param,
        'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
      );
    }
    return price;
  });
  const first = prices[0] as Stripe.Price;
  const recurring = first.recurring as Stripe.Price.Recurring;
  for (const [index, price] of prices.entries()) {
    if (price.currency !== first.currency) {
      throw invalidParam(
        `items[${index}][price]`,
        'All prices on a subscription must have the same currency.',
      );
    }
    if (
      price.recurring?.interval !== recurring.interval ||
      price.recurring.interval_count !== recurring.interval_count
    ) {
      throw invalidParam(
        `items[${index}][price]`,
        'All prices on a subscription must have the same recurring interval and interval_count.',
      );
    }
  }
  if (defaultPaymentMethod !== undefined) {
    checkCustomerPaymentMethod(ctx, customer.id, defaultPaymentMethod, 'default_payment_method');
  }
  if (discountEntries === 'clear') throw invalidParam('discounts', 'Pass a list of discounts.');
  let trialEnd: number | null = null;
  if (typeof trialEndParam === 'number') trialEnd = trialEndParam;
  else if (trialEndParam === undefined && trialPeriodDays !== undefined && trialPeriodDays > 0) {
    trialEnd = at + trialPeriodDays * DAY;
  } else if (trialEndParam === undefined && trialFromPlan && recurring.trial_period_days) {
    trialEnd = at + recurring.trial_period_days * DAY;
  }

  const transaction =
    paymentBehavior === 'error_if_incomplete'
      ? beginTransaction(ctx, [customer, ...ctx.state.coupons.values(), ...ctx.state.promotionCodes.values()])
      : null;
  const work = transaction?.ctx ?? ctx;
  const periodEnd = trialEnd ?? addBillingPeriods(at, recurring.interval, recurring.interval_count);
  const id = createId('sub');
  const discounts = resolveDiscounts(
    work,
    discountEntries ?? [],
    { customer: customer.id, subscription: id, existing: [] },
    at,
    true,
  );
  const subscription: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: periodEnd === trialEnd ? trialEnd : at,
    billing_cycle_anchor_config: null,
    billing_mode: { type: 'flexible', flexible: { proration_discounts: 'included' }, updated_at: at },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: cancelAtPeriodEnd ? periodEnd : null,
    cancel_at_period_end: cancelAtPeriodEnd,
    canceled_at: cancelAtPeriodEnd ? at : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: at,
    currency: first.currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: defaultTaxRates,
    description: description ?? null,
    discounts: discounts.map((discount) => discount.id),
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: {
      object: 'list',
      data: items.map((item, index) =>
        buildSubscriptionItem(work, {
          subscriptionId: id,
          price: prices[index] as Stripe.Price,
          quantity: item.quantity,
          metadata: item.metadata,
          taxRates: item.taxRates,
          periodStart: at,
          periodEnd,
          created: at,
        }),
      ),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: paymentMethodTypes === undefined ? null : ['card'],
      save_default_payment_method: saveDefault ?? 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: at,
    status: trialEnd === null ? 'incomplete' : 'trialing',
    test_clock: customer.test_clock ?? null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' },
    },
    trial_start: trialEnd === null ? null : at,
  };
  work.state.subscriptions.set(id, subscription);
  const invoice = invoiceSubscription(
    work,
    subscription,
    customer,
    'subscription_create',
    periodLines(work, subscription, subscription.items.data, { trial: trialEnd !== null }),
    at,
    () => work.emitEvent('customer.subscription.created', subscription),
  );
  const paymentMethod = paymentMethodOf(work, subscription, customer);
  let result: InvoicePaymentResult | undefined;
  if (invoice.status === 'paid') {
    // Nothing to charge now (a trial, a 100% coupon): collect a card for later with a SetupIntent.
    if (paymentBehavior === 'default_incomplete' || paymentMethod === null) {
      const setupIntent = createSetupIntent(work, {
        customer: customer.id,
        usage: 'off_session',
        subscriptionId: id,
      });
      subscription.pending_setup_intent = setupIntent.id;
    }
  } else if (paymentBehavior !== 'default_incomplete' && paymentMethod !== null) {
    result = attemptInvoicePayment(work, invoice, { paymentMethodId: paymentMethod, offSession });
  }
  if (transaction) {
    if (result?.outcome !== 'paid' && invoice.status !== 'paid') {
      transaction.rollback();
      throw paymentFailedError(
        result ?? {
          outcome: 'failed',
          error: {
            code: 'resource_missing',
            message: 'This customer has no attached payment source or default payment method.',
          },
        },
      );
    }
    transaction.commit();
  }
  return subscription;
}

function readChangeRequest(
  ctx: EmulatorContext,
  params: ParamReader,
): ChangeRequest & { anchorGiven: boolean } {
  const items = readItemChanges(ctx, params);
  const prorationBehavior =
    params.enumValue('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
  const prorationDate = params.integer('proration_date');
  const anchor = params.object('billing_cycle_anchor');
  const anchorType = anchor?.enumValue('type', ['now', 'unchanged'] as const, { required: true });
  const defaultTaxRates = readTaxRates(ctx, params, 'default_tax_rates');
  return {
    ...(items === undefined ? {} : { items }),
    prorationBehavior,
    ...(prorationDate === undefined ? {} : { prorationDate }),
    billingCycleAnchorNow: anchorType === 'now',
    ...(defaultTaxRates === undefined ? {} : { defaultTaxRates }),
    anchorGiven: anchor !== undefined,
  };
}

function updateSubscription(ctx: EmulatorContext, subscription: Stripe.Subscription, params: ParamReader) {
  const change = readChangeRequest(ctx, params);
  const paymentBehavior =
    params.enumValue('payment_behavior', UPDATE_PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
  const defaultPaymentMethod = params.string('default_payment_method', { allowEmpty: true });
  const cancelAtPeriodEnd = params.boolean('cancel_at_period_end');
  const discountEntries = readDiscountEntries(params);
  const metadata = params.metadata();
  const description = params.string('description', { allowEmpty: true });
  const offSession = params.boolean('off_session') ?? true;
  const cancellation = params.object('cancellation_details');
  const cancellationComment = cancellation?.string('comment', { allowEmpty: true });
  const cancellationFeedback = cancellation?.string('feedback', { allowEmpty: true });
  const paymentSettingsParams = params.object('payment_settings');
  const saveDefault = paymentSettingsParams?.enumValue('save_default_payment_method', [
    'off',
    'on_subscription',
  ] as const);
  const customerId = subscription.customer as string;
  const customer = getCustomer(ctx, customerId);
  const at = nowFor(ctx, customerId);
  const trialEnd = readTrialEnd(params, at);
  params.finish();

  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidState(
      `A subscription in status ${subscription.status} can no longer be updated: create a new subscription instead.`,
    );
  }
  if (defaultPaymentMethod !== undefined && defaultPaymentMethod !== '') {
    checkCustomerPaymentMethod(ctx, customerId, defaultPaymentMethod, 'default_payment_method');
  }
  const plan = planChange(ctx, subscription, change, at);
  const transaction =
    paymentBehavior === 'error_if_incomplete' && plan.invoiceNow
      ? beginTransaction(ctx, [
          subscription,
          customer,
          ...ctx.state.coupons.values(),
          ...ctx.state.promotionCodes.values(),
        ])
      : null;
  const work = transaction?.ctx ?? ctx;
  const before = snapshot(subscription);

  if (discountEntries !== undefined) {
    const discounts =
      discountEntries === 'clear'
        ? []
        : resolveDiscounts(
            work,
            discountEntries,
            { customer: customerId, subscription: subscription.id, existing: subscription.discounts },
            at,
            true,
          );
    subscription.discounts = discounts.map((discount) => discount.id);
  }
  if (change.defaultTaxRates !== undefined) subscription.default_tax_rates = change.defaultTaxRates;
  subscription.metadata = mergeMetadata(subscription.metadata, metadata);
  if (description !== undefined) subscription.description = description === '' ? null : description;
  if (defaultPaymentMethod !== undefined) {
    subscription.default_payment_method = defaultPaymentMethod === '' ? null : defaultPaymentMethod;
  }
  if (saveDefault !== undefined && subscription.payment_settings) {
    subscription.payment_settings.save_default_payment_method = saveDefault;
  }
  if (cancelAtPeriodEnd !== undefined) {
    subscription.cancel_at_period_end = cancelAtPeriodEnd;
    subscription.cancel_at = cancelAtPeriodEnd ? currentPeriod(subscription).end : null;
    subscription.canceled_at = cancelAtPeriodEnd ? at : null;
    subscription.cancellation_details = {
      ...(subscription.cancellation_details ?? {
        comment: null,
        feedback: null,
        feedback_option: null,
        reason: null,
      }),
      reason: cancelAtPeriodEnd ? 'cancellation_requested' : null,
    };
  }
  if (cancellationComment !== undefined || cancellationFeedback !== undefined) {
    const details = subscription.cancellation_details ?? {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: null,
    };
    if (cancellationComment !== undefined)
      details.comment = cancellationComment === '' ? null : cancellationComment;
    if (cancellationFeedback !== undefined) {
      details.feedback =
        cancellationFeedback === ''
          ? null
          : (cancellationFeedback as Stripe.Subscription.CancellationDetails.Feedback);
    }
    subscription.cancellation_details = details;
  }
  if (trialEnd !== undefined && subscription.status === 'trialing') {
    // Ending or moving a trial: the period follows the trial end; `now` bills the first period at the next sweep.
    const end = trialEnd === 'now' ? at : trialEnd;
    subscription.trial_end = end;
    for (const item of subscription.items.data) item.current_period_end = end;
  }

  const pending = paymentBehavior === 'pending_if_incomplete' && plan.invoiceNow;
  if (!pending) applyPlanItems(subscription, plan);
  if (!plan.invoiceNow && plan.prorations.length > 0) {
    const lines = work.state.billing.pendingLines.get(subscription.id) ?? [];
    lines.push(...plan.prorations);
    work.state.billing.pendingLines.set(subscription.id, lines);
  }
  const changed = previousAttributes(before, subscription);
  if (Object.keys(changed).length > 0) work.emitEvent('customer.subscription.updated', subscription, changed);
  if (!plan.invoiceNow) return subscription;

  work.state.billing.pendingLines.delete(subscription.id);
  const invoice = invoiceSubscription(
    work,
    subscription,
    customer,
    'subscription_update',
    plan.invoiceLines,
    at,
  );
  let result: InvoicePaymentResult | undefined;
  if (invoice.status !== 'paid' && paymentBehavior !== 'default_incomplete') {
    result = attemptInvoicePayment(work, invoice, {
      paymentMethodId: paymentMethodOf(work, subscription, customer),
      offSession,
    });
  }
  const paid = invoice.status === 'paid' || result?.outcome === 'paid';
  if (transaction) {
    if (!paid) {
      transaction.rollback();
      throw paymentFailedError(result);
    }
    transaction.commit();
    return subscription;
  }
  if (paid) {
    if (pending) {
      const beforeApply = snapshot(subscription);
      applyPlanItems(subscription, plan);
      ctx.emitEvent(
        'customer.subscription.updated',
        subscription,
        previousAttributes(beforeApply, subscription),
      );
    }
    return subscription;
  }
  const beforeOutcome = snapshot(subscription);
  if (pending) {
    // The change waits for the invoice to be paid; the subscription keeps its items meanwhile.
    subscription.pending_update = {
      billing_cycle_anchor: plan.newPeriod?.start ?? null,
      cancel_at_period_end: null,
      discount: null,
      discounts: null,
      expires_at: at + PENDING_UPDATE_EXPIRY_SECONDS,
      metadata: null,
      subscription_items: plan.items,
      trial_end: null,
      trial_from_plan: null,
    };
    ctx.state.billing.pendingUpdateInvoices.set(subscription.id, invoice.id);
    ctx.state.billing.pendingUpdateItems.set(subscription.id, plan.items);
  } else if (subscription.status === 'active') {
    subscription.status = 'past_due';
  }
  if (!pending && result !== undefined) scheduleRetry(ctx, invoice, at);
  const outcome = previousAttributes(beforeOutcome, subscription);
  if (Object.keys(outcome).length > 0) ctx.emitEvent('customer.subscription.updated', subscription, outcome);
  return subscription;
}

function applyPlanItems(subscription: Stripe.Subscription, plan: ReturnType<typeof planChange>): void {
  subscription.items.data = plan.items;
  if (plan.newPeriod) subscription.billing_cycle_anchor = plan.newPeriod.start;
}

/** `/v1/subscriptions`: create, retrieve, update, cancel, list. */
export const subscriptionRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/subscriptions',
    handle: ({ ctx, params }) => createSubscription(ctx, params),
  },
  {
    method: 'GET',
    path: '/v1/subscriptions/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      reconcilePendingUpdates(ctx);
      return getSubscription(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/subscriptions/:id',
    handle: ({ ctx, params, path }) => {
      reconcilePendingUpdates(ctx);
      return updateSubscription(ctx, getSubscription(ctx, path.id as string), params);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    handle: ({ ctx, params, path }) => {
      const subscription = getSubscription(ctx, path.id as string);
      params.boolean('invoice_now');
      params.boolean('prorate');
      const details = params.object('cancellation_details');
      const comment = details?.string('comment', { allowEmpty: true });
      const feedback = details?.string('feedback', { allowEmpty: true });
      params.finish();
      if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
        throw invalidState(`This subscription is already ${subscription.status}.`);
      }
      cancelSubscriptionNow(ctx, subscription, nowFor(ctx, subscription.customer as string), {
        reason: 'cancellation_requested',
        comment: comment || null,
        feedback: (feedback || null) as Stripe.Subscription.CancellationDetails.Feedback | null,
      });
      return subscription;
    },
  },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    handle: ({ ctx, params }) => {
      reconcilePendingUpdates(ctx);
      const customer = params.string('customer');
      const price = params.string('price');
      const status = params.enumValue('status', STATUSES);
      const testClock = params.string('test_clock');
      const subscriptions = newestFirst(ctx.state.subscriptions).filter((subscription) => {
        if (customer !== undefined && subscription.customer !== customer) return false;
        if (testClock !== undefined && subscription.test_clock !== testClock) return false;
        if (price !== undefined && !subscription.items.data.some((item) => item.price.id === price))
          return false;
        if (status === undefined)
          return subscription.status !== 'canceled' && subscription.status !== 'incomplete_expired';
        if (status === 'all') return true;
        if (status === 'ended')
          return subscription.status === 'canceled' || subscription.status === 'incomplete_expired';
        return subscription.status === status;
      });
      const list = paginate(subscriptions, params, '/v1/subscriptions');
      params.finish();
      return list;
    },
  },
];
