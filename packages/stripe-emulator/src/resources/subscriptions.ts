import type Stripe from 'stripe';
import { addBillingPeriods } from '../billing/periods.js';
import { invoiceSubscription } from '../billing/subscription-invoice.js';
import type { EmulatorContext } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, resourceMissing, StripeApiError } from '../server/errors.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { getCustomer } from './customers.js';
import { confirmPaymentIntent } from './payment-intents.js';
import { getPrice, planFromPrice } from './prices.js';

const SUPPORTED_PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete'] as const;
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

interface ItemInput {
  price: Stripe.Price;
  quantity: number;
  metadata: Record<string, string>;
}

function buildItem(
  ctx: EmulatorContext,
  subscriptionId: string,
  input: ItemInput,
  periodStart: number,
  periodEnd: number,
): Stripe.SubscriptionItem {
  return {
    id: createId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: ctx.clock.now(),
    current_period_end: periodEnd,
    current_period_start: periodStart,
    current_trial: null,
    discounts: [],
    metadata: input.metadata,
    plan: planFromPrice(input.price),
    price: input.price,
    quantity: input.quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

/** `/v1/subscriptions`: create (with its first invoice and PaymentIntent), retrieve, list. */
export const subscriptionRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/subscriptions',
    handle: ({ ctx, params }) => {
      const customerId = params.string('customer', { required: true }) as string;
      const itemParams = params.objectArray('items', { required: true }) ?? [];
      const items = itemParams.map((item) => ({
        priceId: item.string('price', { required: true }) as string,
        param: item.name('price'),
        quantity: item.integer('quantity', { min: 0 }) ?? 1,
        metadata: mergeMetadata({}, item.metadata()),
      }));
      const paymentBehavior = params.string('payment_behavior') ?? 'allow_incomplete';
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
      params.boolean('off_session');
      params.finish();

      if (!(SUPPORTED_PAYMENT_BEHAVIORS as readonly string[]).includes(paymentBehavior)) {
        throw invalidParam(
          'payment_behavior',
          `The emulator supports payment_behavior ${SUPPORTED_PAYMENT_BEHAVIORS.join(' and ')} for now, ` +
            `not ${paymentBehavior}.`,
        );
      }
      if (collectionMethod !== undefined && collectionMethod !== 'charge_automatically') {
        throw invalidParam(
          'collection_method',
          'The emulator only supports collection_method=charge_automatically.',
        );
      }
      if (paymentMethodTypes?.some((type) => type !== 'card')) {
        throw invalidParam(
          'payment_settings[payment_method_types]',
          'The emulator only supports card payments.',
        );
      }
      if (items.length === 0) throw invalidParam('items', 'Missing required param: items.');
      const customer = getCustomer(ctx, customerId, 'customer');
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
        const paymentMethod = ctx.state.paymentMethods.get(defaultPaymentMethod);
        if (!paymentMethod || paymentMethod.customer !== customer.id) {
          throw resourceMissing('PaymentMethod', defaultPaymentMethod, 'default_payment_method');
        }
      }

      const now = ctx.clock.now();
      const periodEnd = addBillingPeriods(now, recurring.interval, recurring.interval_count);
      const id = createId('sub');
      const subscription: Stripe.Subscription = {
        id,
        object: 'subscription',
        application: null,
        application_fee_percent: null,
        automatic_tax: { disabled_reason: null, enabled: false, liability: null },
        billing_cycle_anchor: now,
        billing_cycle_anchor_config: null,
        billing_mode: { type: 'flexible', flexible: { proration_discounts: 'included' }, updated_at: now },
        billing_schedules: [],
        billing_thresholds: null,
        cancel_at: null,
        cancel_at_period_end: false,
        canceled_at: null,
        cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
        collection_method: 'charge_automatically',
        created: now,
        currency: first.currency,
        customer: customer.id,
        customer_account: null,
        days_until_due: null,
        default_payment_method: defaultPaymentMethod ?? null,
        default_source: null,
        default_tax_rates: [],
        description: description ?? null,
        discounts: [],
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
            buildItem(ctx, id, { ...item, price: prices[index] as Stripe.Price }, now, periodEnd),
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
        start_date: now,
        status: 'incomplete',
        test_clock: null,
        transfer_data: null,
        trial_end: null,
        trial_settings: {
          end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' },
        },
        trial_start: null,
      };
      ctx.state.subscriptions.set(id, subscription);
      const { paymentIntent } = invoiceSubscription(ctx, subscription, customer, 'subscription_create', () =>
        ctx.emitEvent('customer.subscription.created', subscription),
      );

      // allow_incomplete charges the saved card at once; default_incomplete always waits for a confirmation.
      const savedPaymentMethod =
        subscription.default_payment_method ?? customer.invoice_settings.default_payment_method;
      if (paymentIntent && paymentBehavior === 'allow_incomplete' && typeof savedPaymentMethod === 'string') {
        const paymentMethod = ctx.state.paymentMethods.get(savedPaymentMethod);
        if (paymentMethod) {
          try {
            confirmPaymentIntent(ctx, paymentIntent, paymentMethod);
          } catch (error) {
            // A decline leaves the subscription incomplete, which is what allow_incomplete means.
            if (!(error instanceof StripeApiError) || error.status !== 402) throw error;
          }
        }
      }
      return subscription;
    },
  },
  {
    method: 'GET',
    path: '/v1/subscriptions/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getSubscription(ctx, path.id as string);
    },
  },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      const price = params.string('price');
      const status = params.enumValue('status', STATUSES);
      const subscriptions = newestFirst(ctx.state.subscriptions).filter((subscription) => {
        if (customer !== undefined && subscription.customer !== customer) return false;
        if (price !== undefined && !subscription.items.data.some((item) => item.price.id === price))
          return false;
        if (status === undefined) return subscription.status !== 'canceled';
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
