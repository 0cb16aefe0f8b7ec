import type Stripe from 'stripe';
import { nowFor } from '../billing/time.js';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId, randomToken } from '../ids.js';
import { invalidParam, invalidState, resourceMissing, StripeApiError } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata } from '../server/params.js';
import type { ApiRequest, RouteDefinition } from '../server/route.js';
import {
  type AttemptError,
  lookupIntentForCaller,
  readAuthenticationOutcome,
  readAutomaticPaymentMethods,
  threeDSecureNextAction,
} from './payment-intents.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';

/** The stored SetupIntent, or 404/400 `resource_missing`. */
export function getSetupIntent(ctx: EmulatorContext, id: string, param?: string): Stripe.SetupIntent {
  const setupIntent = ctx.state.setupIntents.get(id);
  if (!setupIntent) throw resourceMissing('setup_intent', id, param);
  return setupIntent;
}

/**
 * Stores a new SetupIntent in `requires_payment_method` and emits `setup_intent.created`. With `subscriptionId` it
 * is that subscription's `pending_setup_intent`: once it succeeds, the card becomes the subscription's
 * `default_payment_method` (and the customer's default if they have none) and `pending_setup_intent` is cleared.
 */
export function createSetupIntent(
  ctx: EmulatorContext,
  params: {
    customer: string;
    usage?: 'off_session' | 'on_session';
    metadata?: Record<string, string>;
    subscriptionId?: string;
  },
): Stripe.SetupIntent {
  return storeSetupIntent(ctx, {
    customer: params.customer,
    usage: params.usage ?? 'off_session',
    metadata: params.metadata ?? {},
    description: null,
    automaticPaymentMethods: null,
    subscriptionId: params.subscriptionId,
  });
}

interface SetupIntentInput {
  customer: string | null;
  usage: 'off_session' | 'on_session';
  metadata: Record<string, string>;
  description: string | null;
  automaticPaymentMethods: Stripe.SetupIntent.AutomaticPaymentMethods | null;
  subscriptionId?: string | undefined;
}

function storeSetupIntent(ctx: EmulatorContext, input: SetupIntentInput): Stripe.SetupIntent {
  const id = createId('seti');
  const setupIntent: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: ['card'],
    application: null,
    automatic_payment_methods: input.automaticPaymentMethods,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(25)}`,
    created: nowFor(ctx, input.customer),
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: input.usage,
  };
  ctx.state.setupIntents.set(id, setupIntent);
  if (input.subscriptionId !== undefined) ctx.state.setupIntentSubscriptions.set(id, input.subscriptionId);
  ctx.emitEvent('setup_intent.created', setupIntent);
  return setupIntent;
}

/** Makes the set-up card the subscription's (and, if unset, the customer's) default; clears `pending_setup_intent`. */
function completePendingSetup(
  ctx: EmulatorContext,
  setupIntent: Stripe.SetupIntent,
  paymentMethodId: string,
) {
  const customerId = typeof setupIntent.customer === 'string' ? setupIntent.customer : null;
  const customer = customerId === null ? undefined : ctx.state.customers.get(customerId);
  const subscriptionId = ctx.state.setupIntentSubscriptions.get(setupIntent.id);
  const subscription = subscriptionId === undefined ? undefined : ctx.state.subscriptions.get(subscriptionId);
  if (!subscription) return;
  if (customer && customer.invoice_settings.default_payment_method === null) {
    const before = snapshot(customer);
    customer.invoice_settings.default_payment_method = paymentMethodId;
    ctx.emitEvent('customer.updated', customer, previousAttributes(before, customer));
  }
  const before = snapshot(subscription);
  subscription.default_payment_method = paymentMethodId;
  if (subscription.pending_setup_intent === setupIntent.id) subscription.pending_setup_intent = null;
  const changed = previousAttributes(before, subscription);
  if (Object.keys(changed).length > 0) ctx.emitEvent('customer.subscription.updated', subscription, changed);
}

function succeed(ctx: EmulatorContext, setupIntent: Stripe.SetupIntent, paymentMethod: Stripe.PaymentMethod) {
  if (typeof setupIntent.customer === 'string') attachPaymentMethod(ctx, paymentMethod, setupIntent.customer);
  ctx.state.offSessionReadyPaymentMethods.add(paymentMethod.id);
  setupIntent.payment_method = paymentMethod.id;
  setupIntent.status = 'succeeded';
  setupIntent.last_setup_error = null;
  setupIntent.next_action = null;
  ctx.emitEvent('setup_intent.succeeded', setupIntent);
  completePendingSetup(ctx, setupIntent, paymentMethod.id);
}

function fail(
  ctx: EmulatorContext,
  setupIntent: Stripe.SetupIntent,
  paymentMethod: Stripe.PaymentMethod,
  error: AttemptError,
) {
  setupIntent.payment_method = null;
  setupIntent.status = 'requires_payment_method';
  setupIntent.next_action = null;
  setupIntent.last_setup_error = {
    type: error.type,
    code: error.code as Stripe.SetupIntent.LastSetupError.Code,
    ...(error.decline_code === undefined ? {} : { decline_code: error.decline_code }),
    message: error.message,
    payment_method: snapshot(paymentMethod),
    payment_method_type: 'card',
  };
  ctx.emitEvent('setup_intent.setup_failed', setupIntent);
}

/** The outcome of one SetupIntent confirmation or authentication. */
export type SetupAttempt =
  | { status: 'succeeded' }
  | { status: 'requires_action' }
  | { status: 'failed'; error: AttemptError };

function check(
  ctx: EmulatorContext,
  setupIntent: Stripe.SetupIntent,
  paymentMethod: Stripe.PaymentMethod,
): SetupAttempt {
  const validation = ctx.state.paymentMethodCards.get(paymentMethod.id)?.validation ?? { kind: 'succeeds' };
  if (validation.kind === 'succeeds') {
    succeed(ctx, setupIntent, paymentMethod);
    return { status: 'succeeded' };
  }
  const error: AttemptError = {
    type: 'card_error',
    code: validation.code,
    ...(validation.declineCode === undefined ? {} : { decline_code: validation.declineCode }),
    message: validation.message,
  };
  fail(ctx, setupIntent, paymentMethod, error);
  return { status: 'failed', error };
}

/**
 * Confirms a SetupIntent with a card: cards that use 3D Secure (3155, 3184...) leave it in `requires_action`;
 * cards Stripe declines at setup make it fail (a thrown 402 `card_error` carrying the intent); others succeed,
 * attaching the card to the customer. 4000 0000 0000 0341 sets up fine: only its charges fail.
 */
export function confirmSetupIntent(
  ctx: EmulatorContext,
  setupIntent: Stripe.SetupIntent,
  paymentMethod: Stripe.PaymentMethod,
): Stripe.SetupIntent {
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(setupIntent.status)) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: `You cannot confirm this SetupIntent because it has a status of ${setupIntent.status}.`,
    });
  }
  if (
    paymentMethod.customer !== null &&
    typeof setupIntent.customer === 'string' &&
    paymentMethod.customer !== setupIntent.customer
  ) {
    throw invalidParam('payment_method', 'The provided PaymentMethod is attached to another customer.');
  }
  const authentication = ctx.state.paymentMethodCards.get(paymentMethod.id)?.authentication ?? 'none';
  if (authentication !== 'none') {
    setupIntent.payment_method = paymentMethod.id;
    setupIntent.status = 'requires_action';
    setupIntent.next_action = threeDSecureNextAction(ctx, `/v1/setup_intents/${setupIntent.id}`);
    ctx.emitEvent('setup_intent.requires_action', setupIntent);
    return setupIntent;
  }
  const attempt = check(ctx, setupIntent, paymentMethod);
  if (attempt.status === 'failed') {
    throw new StripeApiError(
      402,
      Object.assign(
        { ...attempt.error, type: 'card_error' as const, payment_method: snapshot(paymentMethod) },
        { setup_intent: snapshot(setupIntent) },
      ),
    );
  }
  return setupIntent;
}

/** Finishes the 3D Secure challenge of a SetupIntent in `requires_action` (the emulator's stand-in for the bank). */
export function authenticateSetupIntent(
  ctx: EmulatorContext,
  setupIntent: Stripe.SetupIntent,
  outcome: 'complete' | 'fail',
): SetupAttempt {
  if (setupIntent.status !== 'requires_action' || typeof setupIntent.payment_method !== 'string') {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message:
        `This SetupIntent has a status of ${setupIntent.status}: only an intent in requires_action ` +
        '(a card that asked for 3D Secure) can be authenticated.',
    });
  }
  const paymentMethod = resolvePaymentMethod(ctx, setupIntent.payment_method);
  if (outcome === 'complete') return check(ctx, setupIntent, paymentMethod);
  const error: AttemptError = {
    type: 'invalid_request_error',
    code: 'setup_intent_authentication_failure',
    message:
      'The latest attempt to set up the payment method has failed because authentication failed. Provide a new ' +
      'payment method to attempt to set up again.',
  };
  fail(ctx, setupIntent, paymentMethod, error);
  return { status: 'failed', error };
}

function lookupForCaller(request: ApiRequest, optionalForSecretKey = false): Stripe.SetupIntent {
  return lookupIntentForCaller(request, request.ctx.state.setupIntents, 'setup_intent', optionalForSecretKey);
}

const USAGES = ['off_session', 'on_session'] as const;

/**
 * `/v1/setup_intents`: create, retrieve and confirm (also by Stripe.js with the client secret), cancel, list, and
 * the emulator's 3D Secure stand-in `POST /v1/setup_intents/:id/authenticate`.
 */
export const setupIntentRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/setup_intents',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      const usage = params.enumValue('usage', USAGES) ?? 'off_session';
      const automatic = readAutomaticPaymentMethods(params);
      const paymentMethodId = params.string('payment_method');
      const confirm = params.boolean('confirm') ?? false;
      const description = params.string('description');
      const metadata = mergeMetadata({}, params.metadata());
      params.string('return_url');
      params.boolean('use_stripe_sdk');
      params.finish();
      if (customer !== undefined && !ctx.state.customers.has(customer)) {
        throw resourceMissing('customer', customer, 'customer');
      }
      if (confirm && paymentMethodId === undefined) {
        throw invalidState(
          'You cannot confirm this SetupIntent because it\u2019s missing a payment method. Pass payment_method.',
          'payment_method',
        );
      }
      const paymentMethod =
        paymentMethodId === undefined
          ? undefined
          : resolvePaymentMethod(ctx, paymentMethodId, 'payment_method');
      const setupIntent = storeSetupIntent(ctx, {
        customer: customer ?? null,
        usage,
        metadata,
        description: description ?? null,
        automaticPaymentMethods: automatic ?? { enabled: true, allow_redirects: 'always' },
      });
      if (paymentMethod) {
        setupIntent.payment_method = paymentMethod.id;
        setupIntent.status = 'requires_confirmation';
        if (confirm) confirmSetupIntent(ctx, setupIntent, paymentMethod);
      }
      return setupIntent;
    },
  },
  {
    method: 'GET',
    path: '/v1/setup_intents/:id',
    allowPublishableKey: true,
    handle: (request) => {
      const setupIntent = lookupForCaller(request);
      request.params.finish();
      return setupIntent;
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/confirm',
    allowPublishableKey: true,
    handle: (request) => {
      const { ctx, params } = request;
      const setupIntent = lookupForCaller(request);
      const paymentMethodParam = params.string('payment_method');
      params.string('return_url');
      params.boolean('use_stripe_sdk');
      params.string('expected_payment_method_type');
      params.finish();
      const paymentMethodId =
        paymentMethodParam ??
        (typeof setupIntent.payment_method === 'string' ? setupIntent.payment_method : null);
      if (paymentMethodId === null) {
        throw new StripeApiError(400, {
          type: 'invalid_request_error',
          code: 'setup_intent_unexpected_state',
          param: 'payment_method',
          message:
            'You cannot confirm this SetupIntent because it\u2019s missing a payment method. Pass payment_method ' +
            '(for example pm_card_visa, or a pm_ id created with the card).',
        });
      }
      return confirmSetupIntent(
        ctx,
        setupIntent,
        resolvePaymentMethod(ctx, paymentMethodId, 'payment_method'),
      );
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/authenticate',
    allowPublishableKey: true,
    handle: (request) => {
      const setupIntent = lookupForCaller(request, true);
      const outcome = readAuthenticationOutcome(request.params);
      request.params.finish();
      authenticateSetupIntent(request.ctx, setupIntent, outcome);
      return setupIntent;
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/cancel',
    handle: ({ ctx, params, path }) => {
      const reason = params.enumValue('cancellation_reason', [
        'abandoned',
        'duplicate',
        'requested_by_customer',
      ] as const);
      params.finish();
      const setupIntent = getSetupIntent(ctx, path.id as string);
      if (
        !['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(setupIntent.status)
      ) {
        throw new StripeApiError(400, {
          type: 'invalid_request_error',
          code: 'setup_intent_unexpected_state',
          message: `You cannot cancel this SetupIntent because it has a status of ${setupIntent.status}.`,
        });
      }
      setupIntent.status = 'canceled';
      setupIntent.cancellation_reason = reason ?? null;
      setupIntent.next_action = null;
      ctx.emitEvent('setup_intent.canceled', setupIntent);
      return setupIntent;
    },
  },
  {
    method: 'GET',
    path: '/v1/setup_intents',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      const paymentMethod = params.string('payment_method');
      const intents = newestFirst(ctx.state.setupIntents).filter(
        (intent) =>
          (customer === undefined || intent.customer === customer) &&
          (paymentMethod === undefined || intent.payment_method === paymentMethod),
      );
      const list = paginate(intents, params, '/v1/setup_intents');
      params.finish();
      return list;
    },
  },
];
