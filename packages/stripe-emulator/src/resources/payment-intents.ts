import type Stripe from 'stripe';
import { applyAttemptToInvoice } from '../billing/invoice-payment.js';
import { nowFor } from '../billing/time.js';
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
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { ApiRequest, RouteDefinition } from '../server/route.js';
import { recordCharge } from './charges.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';
import { AUTHENTICATION_REQUIRED, type CardOutcome } from './test-cards.js';

/** The id of a customer reference, expanded or not. */
export function customerIdOf(customer: string | { id: string } | null): string | null {
  return customer === null || typeof customer === 'string' ? customer : customer.id;
}

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
  /** `null` for the intents invoices create, Stripe's default `{ enabled: true }` for API-created ones. */
  automaticPaymentMethods?: Stripe.PaymentIntent.AutomaticPaymentMethods | null;
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
    automatic_payment_methods: input.automaticPaymentMethods ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: 'automatic',
    created: nowFor(ctx, input.customer),
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

/** The error part of a failed attempt, in Stripe's error shape. */
export interface AttemptError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
}

/** What one confirmation (or authentication) of a PaymentIntent did. */
export type PaymentAttempt =
  | { status: 'succeeded' }
  | { status: 'requires_action' }
  | { status: 'failed'; error: AttemptError };

/** How a confirmation is made. */
export interface AttemptOptions {
  /** The customer is not present (renewals, `invoices.pay`, `off_session: true`). */
  offSession: boolean;
  /**
   * What an off-session payment that needs authentication becomes: a 402 `authentication_required` decline
   * (Stripe's answer to `paymentIntents.create({ off_session: true, confirm: true })`), or an intent left in
   * `requires_action` for the customer to complete later (Stripe Billing's invoices).
   */
  offSessionAuthentication?: 'decline' | 'requires_action';
}

/** The 3D Secure `next_action` the fake Stripe.js (like Stripe.js) acts on. */
export function threeDSecureNextAction(
  ctx: EmulatorContext,
  intentPath: string,
): { type: 'use_stripe_sdk'; use_stripe_sdk: Record<string, unknown> } {
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: {
      type: 'three_d_secure_redirect',
      // The emulator's stand-in for the bank's challenge page: POST `outcome=complete|fail` with the client secret.
      stripe_js: `${ctx.baseUrl ?? ''}${intentPath}/authenticate`,
      source: createId('src'),
    },
  };
}

function attemptError(outcome: Extract<CardOutcome, { kind: 'declines' }>): AttemptError {
  return {
    type: 'card_error',
    code: outcome.code,
    ...(outcome.declineCode === undefined ? {} : { decline_code: outcome.declineCode }),
    message: outcome.message,
  };
}

function succeed(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
) {
  const invoiceId = ctx.state.paymentIntentInvoices.get(paymentIntent.id);
  if (
    typeof paymentIntent.customer === 'string' &&
    (paymentIntent.setup_future_usage !== null || invoiceId)
  ) {
    attachPaymentMethod(ctx, paymentMethod, paymentIntent.customer);
  }
  // A payment authenticated (or not needing it) with setup_future_usage sets the card up for later charges.
  if (paymentIntent.setup_future_usage !== null)
    ctx.state.offSessionReadyPaymentMethods.add(paymentMethod.id);
  paymentIntent.payment_method = paymentMethod.id;
  paymentIntent.status = 'succeeded';
  paymentIntent.amount_received = paymentIntent.amount;
  paymentIntent.last_payment_error = null;
  paymentIntent.next_action = null;
  recordCharge(ctx, paymentIntent, paymentMethod, { kind: 'succeeds' });
  ctx.emitEvent('payment_intent.succeeded', paymentIntent);
}

function fail(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
  error: AttemptError,
  charged: boolean,
) {
  paymentIntent.payment_method = null;
  paymentIntent.status = 'requires_payment_method';
  paymentIntent.next_action = null;
  if (charged) recordCharge(ctx, paymentIntent, paymentMethod, { kind: 'declines', ...toOutcome(error) });
  paymentIntent.last_payment_error = {
    type: error.type,
    code: error.code as Stripe.PaymentIntent.LastPaymentError.Code,
    ...(error.decline_code === undefined ? {} : { decline_code: error.decline_code }),
    message: error.message,
    ...(charged && typeof paymentIntent.latest_charge === 'string'
      ? { charge: paymentIntent.latest_charge }
      : {}),
    payment_method: snapshot(paymentMethod),
    payment_method_type: 'card',
  };
  ctx.emitEvent('payment_intent.payment_failed', paymentIntent);
}

function toOutcome(error: AttemptError): { code: string; declineCode?: string; message: string } {
  return {
    code: error.code,
    ...(error.decline_code === undefined ? {} : { declineCode: error.decline_code }),
    message: error.message,
  };
}

function requireAction(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
) {
  paymentIntent.payment_method = paymentMethod.id;
  paymentIntent.status = 'requires_action';
  paymentIntent.next_action = threeDSecureNextAction(ctx, `/v1/payment_intents/${paymentIntent.id}`);
  ctx.emitEvent('payment_intent.requires_action', paymentIntent);
}

/**
 * Charges `paymentMethod` for `paymentIntent` with the test card's behaviour, without throwing and without
 * touching the invoice it may collect (see `applyAttemptToInvoice`). On session, a card that needs 3D Secure
 * leaves the intent in `requires_action`; off session it declines with `authentication_required` unless the card
 * was set up for it (or becomes `requires_action`, per `offSessionAuthentication`).
 */
export function attemptPayment(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
  options: AttemptOptions,
): PaymentAttempt {
  if (
    !['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(paymentIntent.status)
  ) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot confirm this PaymentIntent because it has a status of ${paymentIntent.status}.`,
      payment_intent: snapshot(paymentIntent),
    });
  }
  const card = ctx.state.paymentMethodCards.get(paymentMethod.id);
  const authentication = card?.authentication ?? 'none';
  const setUp = ctx.state.offSessionReadyPaymentMethods.has(paymentMethod.id);
  const needsAuthentication =
    authentication === 'always' || (authentication === 'unless_set_up' && !(options.offSession && setUp));
  if (needsAuthentication) {
    if (!options.offSession || options.offSessionAuthentication === 'requires_action') {
      requireAction(ctx, paymentIntent, paymentMethod);
      return { status: 'requires_action' };
    }
    const error = attemptError(AUTHENTICATION_REQUIRED as Extract<CardOutcome, { kind: 'declines' }>);
    fail(ctx, paymentIntent, paymentMethod, error, true);
    return { status: 'failed', error };
  }
  return charge(ctx, paymentIntent, paymentMethod);
}

function charge(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
): PaymentAttempt {
  const outcome = ctx.state.paymentMethodCards.get(paymentMethod.id)?.outcome ?? { kind: 'succeeds' };
  if (outcome.kind === 'succeeds') {
    succeed(ctx, paymentIntent, paymentMethod);
    return { status: 'succeeded' };
  }
  const error = attemptError(outcome);
  fail(ctx, paymentIntent, paymentMethod, error, true);
  return { status: 'failed', error };
}

/**
 * Finishes the 3D Secure challenge of an intent in `requires_action`: `complete` charges the card (and settles
 * the invoice it collects), `fail` returns it to `requires_payment_method` with
 * `last_payment_error.code = 'payment_intent_authentication_failure'`.
 */
export function authenticatePaymentIntent(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  outcome: 'complete' | 'fail',
): PaymentAttempt {
  if (paymentIntent.status !== 'requires_action' || typeof paymentIntent.payment_method !== 'string') {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message:
        `This PaymentIntent has a status of ${paymentIntent.status}: only an intent in requires_action ` +
        '(a card that asked for 3D Secure) can be authenticated.',
      payment_intent: snapshot(paymentIntent),
    });
  }
  const paymentMethod = resolvePaymentMethod(ctx, paymentIntent.payment_method);
  let attempt: PaymentAttempt;
  if (outcome === 'complete') {
    attempt = charge(ctx, paymentIntent, paymentMethod);
  } else {
    const error: AttemptError = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new ' +
        'PaymentMethod to attempt to fulfill this PaymentIntent again.',
    };
    fail(ctx, paymentIntent, paymentMethod, error, false);
    attempt = { status: 'failed', error };
  }
  applyAttemptToInvoice(ctx, paymentIntent, attempt, { offSession: false });
  return attempt;
}

/**
 * Confirms `paymentIntent` with `paymentMethod` (on session unless `options.offSession`), settles the invoice it
 * collects, and answers like Stripe's confirm: the intent (`succeeded` or `requires_action`), or a thrown 402
 * `card_error` carrying the intent, left in `requires_payment_method` with `last_payment_error`.
 */
export function confirmPaymentIntent(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
  options: AttemptOptions = { offSession: false },
): Stripe.PaymentIntent {
  const attempt = attemptPayment(ctx, paymentIntent, paymentMethod, options);
  applyAttemptToInvoice(ctx, paymentIntent, attempt, options);
  if (attempt.status === 'failed') {
    throw new StripeApiError(402, {
      ...attempt.error,
      type: 'card_error',
      payment_intent: snapshot(paymentIntent),
      payment_method: snapshot(paymentMethod),
    });
  }
  return paymentIntent;
}

const CANCELABLE = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

/** Cancels an intent (also used when an invoice is voided) and emits `payment_intent.canceled`. */
export function cancelPaymentIntent(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason | null,
): Stripe.PaymentIntent {
  if (!CANCELABLE.includes(paymentIntent.status)) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot cancel this PaymentIntent because it has a status of ${paymentIntent.status}.`,
      payment_intent: snapshot(paymentIntent),
    });
  }
  paymentIntent.status = 'canceled';
  paymentIntent.canceled_at = nowFor(ctx, customerIdOf(paymentIntent.customer));
  paymentIntent.cancellation_reason = reason;
  paymentIntent.next_action = null;
  ctx.emitEvent('payment_intent.canceled', paymentIntent);
  return paymentIntent;
}

/**
 * With a publishable key (Stripe.js), an intent is only reachable with its `client_secret`, as in Stripe.
 * With a secret key the parameter is refused, except on the emulator's own `authenticate` route.
 */
function checkClientSecret(
  request: ApiRequest,
  intent: { client_secret: string | null; object: string },
  optionalForSecretKey = false,
): void {
  if (request.keyKind !== 'publishable' && !optionalForSecretKey) return;
  const clientSecret = request.params.string('client_secret');
  if (clientSecret === undefined) {
    if (request.keyKind !== 'publishable') return;
    throw missingParam('client_secret');
  }
  if (clientSecret !== intent.client_secret) {
    const kind = intent.object === 'setup_intent' ? 'SetupIntent' : 'PaymentIntent';
    throw invalidParam(
      'client_secret',
      `The client_secret provided does not match the client_secret associated with the ${kind}.`,
    );
  }
}

/** Reads a Stripe.js-reachable intent named by `:id`, checking its client secret for publishable keys. */
export function lookupIntentForCaller<T extends { client_secret: string | null; object: string }>(
  request: ApiRequest,
  collection: ReadonlyMap<string, T>,
  kind: string,
  optionalForSecretKey = false,
): T {
  const id = request.path.id as string;
  const intent = collection.get(id);
  if (!intent) throw resourceMissing(kind, id);
  checkClientSecret(request, intent, optionalForSecretKey);
  return intent;
}

/** `automatic_payment_methods[enabled|allow_redirects]`; the emulator has only cards, so it changes nothing else. */
export function readAutomaticPaymentMethods(
  params: ParamReader,
): Stripe.PaymentIntent.AutomaticPaymentMethods | undefined {
  const automatic = params.object('automatic_payment_methods');
  if (!automatic) return undefined;
  const enabled = automatic.boolean('enabled', { required: true }) as boolean;
  const allowRedirects = automatic.enumValue('allow_redirects', ['always', 'never'] as const);
  return { enabled, ...(allowRedirects === undefined ? {} : { allow_redirects: allowRedirects }) };
}

/** Reads `outcome=complete|fail` of the emulator's 3D Secure stand-in. */
export function readAuthenticationOutcome(params: ParamReader): 'complete' | 'fail' {
  return params.enumValue('outcome', ['complete', 'fail'] as const, { required: true }) as
    | 'complete'
    | 'fail';
}

function lookupForCaller(request: ApiRequest, optionalForSecretKey = false): Stripe.PaymentIntent {
  return lookupIntentForCaller(
    request,
    request.ctx.state.paymentIntents,
    'payment_intent',
    optionalForSecretKey,
  );
}

/**
 * `/v1/payment_intents`: create, retrieve, confirm (also by Stripe.js with the client secret), cancel, list, and
 * the emulator's 3D Secure stand-in `POST /v1/payment_intents/:id/authenticate`.
 */
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
      const automatic = readAutomaticPaymentMethods(params);
      const paymentMethodId = params.string('payment_method');
      const confirm = params.boolean('confirm') ?? false;
      const offSession = params.boolean('off_session');
      params.string('return_url');
      params.boolean('use_stripe_sdk');
      params.finish();
      if (customer !== undefined && !ctx.state.customers.has(customer)) {
        throw resourceMissing('customer', customer, 'customer');
      }
      if (offSession !== undefined && !confirm) {
        throw invalidParam('off_session', 'off_session can only be used together with confirm=true.');
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
      if (paymentMethod?.customer && paymentMethod.customer !== customer) {
        throw invalidParam(
          'payment_method',
          'The provided PaymentMethod belongs to another customer: pass that customer, or a new payment method.',
        );
      }
      const paymentIntent = createPaymentIntent(ctx, {
        amount,
        currency,
        customer: customer ?? null,
        description: description ?? null,
        metadata,
        setupFutureUsage: setupFutureUsage ?? null,
        automaticPaymentMethods: automatic ?? { enabled: true, allow_redirects: 'always' },
      });
      if (paymentMethod) {
        paymentIntent.payment_method = paymentMethod.id;
        paymentIntent.status = 'requires_confirmation';
        if (confirm)
          confirmPaymentIntent(ctx, paymentIntent, paymentMethod, { offSession: offSession ?? false });
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
      params.boolean('use_stripe_sdk');
      params.string('expected_payment_method_type');
      const offSession = params.boolean('off_session') ?? false;
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
      if (offSession && request.keyKind === 'publishable') {
        throw invalidParam('off_session', 'off_session is only accepted with a secret key.');
      }
      const paymentMethod = resolvePaymentMethod(ctx, paymentMethodId, 'payment_method');
      if (setupFutureUsage !== undefined) paymentIntent.setup_future_usage = setupFutureUsage;
      return confirmPaymentIntent(ctx, paymentIntent, paymentMethod, { offSession });
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/authenticate',
    allowPublishableKey: true,
    handle: (request) => {
      const paymentIntent = lookupForCaller(request, true);
      const outcome = readAuthenticationOutcome(request.params);
      request.params.finish();
      authenticatePaymentIntent(request.ctx, paymentIntent, outcome);
      return paymentIntent;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/cancel',
    handle: ({ ctx, params, path }) => {
      const reason = params.enumValue('cancellation_reason', [
        'abandoned',
        'duplicate',
        'fraudulent',
        'requested_by_customer',
      ] as const);
      params.finish();
      const paymentIntent = getPaymentIntent(ctx, path.id as string);
      if (ctx.state.paymentIntentInvoices.has(paymentIntent.id)) {
        throw new StripeApiError(400, {
          type: 'invalid_request_error',
          code: 'payment_intent_unexpected_state',
          message:
            'You cannot cancel this PaymentIntent because it was created by an invoice. Void the invoice instead.',
        });
      }
      return cancelPaymentIntent(ctx, paymentIntent, reason ?? null);
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
