import type Stripe from 'stripe';
import { recordInvoicePaymentFailed, settleInvoicePaid } from '../billing/invoice-payment.js';
import type { EmulatorContext } from '../context.js';
import { createId, randomToken } from '../ids.js';
import {
  invalidParam,
  invalidState,
  missingParam,
  resourceMissing,
  StripeApiError,
} from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata } from '../server/params.js';
import type { ApiRequest, RouteDefinition } from '../server/route.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';

/** The stored PaymentIntent, or 404/400 `resource_missing`. */
export function getPaymentIntent(ctx: EmulatorContext, id: string, param?: string): Stripe.PaymentIntent {
  const paymentIntent = ctx.state.paymentIntents.get(id);
  if (!paymentIntent) throw resourceMissing('payment_intent', id, param);
  return paymentIntent;
}

/** What a new PaymentIntent needs. */
export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage | null;
}

/** Stores a new PaymentIntent in `requires_payment_method` and emits `payment_intent.created`. */
export function createPaymentIntent(ctx: EmulatorContext, input: PaymentIntentInput): Stripe.PaymentIntent {
  const id = createId('pi');
  const paymentIntent: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: ['card'],
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: 'automatic',
    created: ctx.clock.now(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: input.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.state.paymentIntents.set(id, paymentIntent);
  ctx.emitEvent('payment_intent.created', paymentIntent);
  return paymentIntent;
}

/**
 * Charges `paymentMethod` for `paymentIntent` with the test card's behaviour. On success the intent `succeeded`,
 * the card is attached to the customer and the invoice it collects (if any) is paid. On a decline the intent goes
 * back to `requires_payment_method` with `last_payment_error`, and a 402 `card_error` carrying the intent is thrown.
 */
export function confirmPaymentIntent(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
): Stripe.PaymentIntent {
  if (
    paymentIntent.status !== 'requires_payment_method' &&
    paymentIntent.status !== 'requires_confirmation'
  ) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot confirm this PaymentIntent because it has a status of ${paymentIntent.status}.`,
      payment_intent: snapshot(paymentIntent),
    });
  }
  const card = ctx.state.paymentMethodCards.get(paymentMethod.id);
  const outcome = card?.outcome ?? { kind: 'succeeds' as const };
  const invoiceId = ctx.state.paymentIntentInvoices.get(paymentIntent.id);
  const invoice = invoiceId === undefined ? undefined : ctx.state.invoices.get(invoiceId);

  if (outcome.kind === 'succeeds') {
    if (
      typeof paymentIntent.customer === 'string' &&
      (paymentIntent.setup_future_usage !== null || invoice)
    ) {
      attachPaymentMethod(ctx, paymentMethod, paymentIntent.customer);
    }
    paymentIntent.payment_method = paymentMethod.id;
    paymentIntent.status = 'succeeded';
    paymentIntent.amount_received = paymentIntent.amount;
    paymentIntent.last_payment_error = null;
    ctx.emitEvent('payment_intent.succeeded', paymentIntent);
    if (invoice) settleInvoicePaid(ctx, invoice, paymentMethod.id);
    return paymentIntent;
  }

  paymentIntent.payment_method = null;
  paymentIntent.status = 'requires_payment_method';
  paymentIntent.last_payment_error = {
    type: 'card_error',
    code: outcome.code as Stripe.PaymentIntent.LastPaymentError.Code,
    ...(outcome.declineCode === undefined ? {} : { decline_code: outcome.declineCode }),
    message: outcome.message,
    payment_method: snapshot(paymentMethod),
    payment_method_type: 'card',
  };
  ctx.emitEvent('payment_intent.payment_failed', paymentIntent);
  if (invoice) recordInvoicePaymentFailed(ctx, invoice);
  throw new StripeApiError(402, {
    type: 'card_error',
    code: outcome.code,
    ...(outcome.declineCode === undefined ? {} : { decline_code: outcome.declineCode }),
    message: outcome.message,
    payment_intent: snapshot(paymentIntent),
    payment_method: snapshot(paymentMethod),
  });
}

/**
 * With a publishable key (Stripe.js), an intent is only reachable with its `client_secret`, as in Stripe.
 * With a secret key the parameter is not accepted.
 */
function checkClientSecret(request: ApiRequest, paymentIntent: Stripe.PaymentIntent): void {
  if (request.keyKind !== 'publishable') return;
  const clientSecret = request.params.string('client_secret');
  if (clientSecret === undefined) throw missingParam('client_secret');
  if (clientSecret !== paymentIntent.client_secret) {
    throw invalidParam(
      'client_secret',
      'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
    );
  }
}

function lookupForCaller(request: ApiRequest): Stripe.PaymentIntent {
  const id = request.path.id as string;
  const paymentIntent = request.ctx.state.paymentIntents.get(id);
  if (!paymentIntent) throw resourceMissing('payment_intent', id);
  checkClientSecret(request, paymentIntent);
  return paymentIntent;
}

/** `/v1/payment_intents`: create, retrieve and confirm (also by Stripe.js with the client secret), list. */
export const paymentIntentRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/payment_intents',
    handle: ({ ctx, params }) => {
      const amount = params.integer('amount', { required: true, min: 1 }) as number;
      const currency = (params.string('currency', { required: true }) as string).toLowerCase();
      const customer = params.string('customer');
      const description = params.string('description');
      const metadata = mergeMetadata({}, params.metadata());
      const setupFutureUsage = params.enumValue('setup_future_usage', ['off_session', 'on_session'] as const);
      const automatic = params.object('automatic_payment_methods');
      automatic?.boolean('enabled');
      automatic?.enumValue('allow_redirects', ['always', 'never'] as const);
      const paymentMethodId = params.string('payment_method');
      const confirm = params.boolean('confirm') ?? false;
      params.string('return_url');
      params.finish();
      if (customer !== undefined && !ctx.state.customers.has(customer)) {
        throw resourceMissing('customer', customer, 'customer');
      }
      if (confirm && paymentMethodId === undefined) {
        throw invalidState(
          'You cannot confirm this PaymentIntent because it\u2019s missing a payment method. Pass payment_method.',
          'payment_method',
        );
      }
      const paymentMethod =
        paymentMethodId === undefined
          ? undefined
          : resolvePaymentMethod(ctx, paymentMethodId, 'payment_method');
      const paymentIntent = createPaymentIntent(ctx, {
        amount,
        currency,
        customer: customer ?? null,
        description: description ?? null,
        metadata,
        setupFutureUsage: setupFutureUsage ?? null,
      });
      if (paymentMethod) {
        paymentIntent.payment_method = paymentMethod.id;
        paymentIntent.status = 'requires_confirmation';
        if (confirm) confirmPaymentIntent(ctx, paymentIntent, paymentMethod);
      }
      return paymentIntent;
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents/:id',
    allowPublishableKey: true,
    handle: (request) => {
      const paymentIntent = lookupForCaller(request);
      request.params.finish();
      return paymentIntent;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/confirm',
    allowPublishableKey: true,
    handle: (request) => {
      const { ctx, params } = request;
      const paymentIntent = lookupForCaller(request);
      const paymentMethodParam = params.string('payment_method');
      // Accepted as Stripe does; the emulator never redirects, so they change nothing.
      params.string('return_url');
      params.boolean('off_session');
      params.boolean('use_stripe_sdk');
      params.string('expected_payment_method_type');
      const setupFutureUsage = params.enumValue('setup_future_usage', ['off_session', 'on_session'] as const);
      params.finish();
      const paymentMethodId =
        paymentMethodParam ??
        (typeof paymentIntent.payment_method === 'string' ? paymentIntent.payment_method : null);
      if (paymentMethodId === null) {
        throw new StripeApiError(400, {
          type: 'invalid_request_error',
          code: 'payment_intent_unexpected_state',
          param: 'payment_method',
          message:
            'You cannot confirm this PaymentIntent because it\u2019s missing a payment method. ' +
            'Pass payment_method (for example pm_card_visa, or a pm_ id created with the card).',
        });
      }
      const paymentMethod = resolvePaymentMethod(ctx, paymentMethodId, 'payment_method');
      if (setupFutureUsage !== undefined) paymentIntent.setup_future_usage = setupFutureUsage;
      return confirmPaymentIntent(ctx, paymentIntent, paymentMethod);
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      const intents = newestFirst(ctx.state.paymentIntents).filter(
        (intent) => customer === undefined || intent.customer === customer,
      );
      const list = paginate(intents, params, '/v1/payment_intents');
      params.finish();
      return list;
    },
  },
];
