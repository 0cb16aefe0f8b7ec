import { describeCard, passesLuhn } from '@billing-kit/stripe-emulator/browser';
import type { BillingState, PaymentIntentRecord, SetupIntentRecord, StoredCard } from './billing-state.js';

/** An answer of the in-memory Stripe API: Stripe's JSON object or Stripe's error body. */
export interface StripeAnswer {
  status: number;
  body: unknown;
}

function stripeError(status: number, error: Record<string, unknown>): StripeAnswer {
  return { status, body: { error } };
}

function paymentIntentJson(intent: PaymentIntentRecord) {
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    currency: intent.currency,
    client_secret: intent.clientSecret,
    status: intent.status,
    payment_method: intent.paymentMethodId,
    last_payment_error: intent.lastPaymentError,
    next_action:
      intent.status === 'requires_action' ? threeDSecureAction(`/v1/payment_intents/${intent.id}`) : null,
    livemode: false,
  };
}

function setupIntentJson(intent: SetupIntentRecord) {
  return {
    id: intent.id,
    object: 'setup_intent',
    client_secret: intent.clientSecret,
    status: intent.status,
    usage: 'off_session',
    payment_method: intent.paymentMethodId,
    last_setup_error: intent.lastSetupError,
    next_action:
      intent.status === 'requires_action' ? threeDSecureAction(`/v1/setup_intents/${intent.id}`) : null,
    livemode: false,
  };
}

function threeDSecureAction(intentPath: string) {
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${intentPath}/authenticate` },
  };
}

function paymentMethodJson(card: StoredCard) {
  return {
    id: card.id,
    object: 'payment_method',
    type: 'card',
    card: {
      brand: card.brand,
      last4: card.last4,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      country: card.test.country,
      funding: card.test.funding,
    },
    customer: null,
    livemode: false,
  };
}

/** `POST /v1/payment_methods` from the fake Payment Element: the card fields, checked as Stripe checks them. */
function createPaymentMethod(state: BillingState, form: URLSearchParams): StripeAnswer {
  const number = (form.get('card[number]') ?? '').replace(/\D/g, '');
  if (!passesLuhn(number)) {
    return stripeError(402, {
      type: 'card_error',
      code: 'incorrect_number',
      param: 'card[number]',
      message: 'Your card number is incorrect.',
    });
  }
  const test = describeCard(number);
  const card: StoredCard = {
    id: state.nextId('pm'),
    test,
    brand: test.brand,
    last4: number.slice(-4),
    expMonth: Number(form.get('card[exp_month]') ?? '12'),
    expYear: Number(form.get('card[exp_year]') ?? '2034'),
    savedAt: 0,
  };
  state.cards.set(card.id, card);
  return { status: 200, body: paymentMethodJson(card) };
}

type IntentKind = 'payment_intents' | 'setup_intents';

function lookupIntent(
  state: BillingState,
  kind: IntentKind,
  id: string,
  clientSecret: string | null,
): PaymentIntentRecord | SetupIntentRecord | StripeAnswer {
  const intent = kind === 'payment_intents' ? state.paymentIntents.get(id) : state.setupIntents.get(id);
  if (!intent) {
    return stripeError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${kind === 'payment_intents' ? 'payment_intent' : 'setup_intent'}: '${id}'`,
    });
  }
  if (clientSecret !== intent.clientSecret) {
    return stripeError(400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_string',
      param: 'client_secret',
      message: 'The client_secret provided does not match the client_secret associated with this intent.',
    });
  }
  return intent;
}

function isAnswer(value: unknown): value is StripeAnswer {
  return typeof value === 'object' && value !== null && 'body' in value && 'status' in value;
}

/** The answer to a confirmation or authentication: the intent, or Stripe's 402 when the card was refused. */
function intentAnswer(
  kind: IntentKind,
  intent: PaymentIntentRecord | SetupIntentRecord,
  after: 'confirm' | 'authenticate',
) {
  const json =
    kind === 'payment_intents'
      ? paymentIntentJson(intent as PaymentIntentRecord)
      : setupIntentJson(intent as SetupIntentRecord);
  const error =
    kind === 'payment_intents'
      ? (intent as PaymentIntentRecord).lastPaymentError
      : (intent as SetupIntentRecord).lastSetupError;
  // Stripe answers a refused confirmation with a 402 carrying the intent; an authentication answers the intent.
  if (after === 'confirm' && error && intent.status === 'requires_payment_method') {
    return stripeError(402, {
      ...error,
      type: 'card_error',
      [kind === 'payment_intents' ? 'payment_intent' : 'setup_intent']: json,
    });
  }
  return { status: 200, body: json };
}

const unexpectedState = (kind: IntentKind, status: string) =>
  stripeError(400, {
    type: 'invalid_request_error',
    code: kind === 'payment_intents' ? 'payment_intent_unexpected_state' : 'setup_intent_unexpected_state',
    message: `You cannot confirm this intent because it has a status of ${status}.`,
  });

/**
 * The slice of Stripe's API the fake Stripe.js calls, answered from the in-memory state: create a card, retrieve,
 * confirm and authenticate (3D Secure) PaymentIntents and SetupIntents. Outcomes come from the emulator's test-card
 * table, so 4242 pays, 0002 declines and 3155 asks for 3D Secure exactly as with the emulator.
 */
export function answerStripe(
  state: BillingState,
  method: string,
  path: string,
  form: URLSearchParams,
): StripeAnswer {
  if (method === 'POST' && path === '/v1/payment_methods') return createPaymentMethod(state, form);
  const match = /^\/v1\/(payment_intents|setup_intents)\/([^/]+)(?:\/(confirm|authenticate))?$/.exec(path);
  if (!match) {
    return stripeError(404, {
      type: 'invalid_request_error',
      message: `The in-memory Stripe does not implement ${method} ${path}.`,
    });
  }
  const kind = match[1] as IntentKind;
  const action = match[3];
  const intent = lookupIntent(state, kind, match[2] as string, form.get('client_secret'));
  if (isAnswer(intent)) return intent;
  if (method === 'GET' && action === undefined) return intentAnswer(kind, intent, 'authenticate');
  if (method !== 'POST' || action === undefined) return unexpectedState(kind, intent.status);

  if (action === 'confirm') {
    if (intent.status === 'succeeded') return unexpectedState(kind, intent.status);
    const card = state.cards.get(form.get('payment_method') ?? intent.paymentMethodId ?? '');
    if (!card) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'payment_method',
        message: 'Pass the payment_method to confirm with.',
      });
    }
    if (kind === 'payment_intents') state.attemptPayment(intent as PaymentIntentRecord, card);
    else state.attemptSetup(intent as SetupIntentRecord, card);
    return intentAnswer(kind, intent, 'confirm');
  }

  // The bank's 3D Secure page: the customer pressed Complete or Fail.
  const card = state.cards.get(intent.paymentMethodId ?? '');
  if (intent.status !== 'requires_action' || !card) return unexpectedState(kind, intent.status);
  const completed = form.get('outcome') === 'complete';
  if (kind === 'payment_intents') {
    const payment = intent as PaymentIntentRecord;
    if (completed) state.attemptPayment(payment, card, true);
    else
      state.failPayment(payment, {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message:
          'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new ' +
          'PaymentMethod to attempt to fulfill this PaymentIntent again.',
      });
  } else {
    const setup = intent as SetupIntentRecord;
    if (completed) state.attemptSetup(setup, card, true);
    else
      state.failSetup(setup, {
        type: 'invalid_request_error',
        code: 'setup_intent_authentication_failure',
        message:
          'The latest attempt to set up the payment method has failed because authentication failed. Provide a ' +
          'new payment method to attempt to set up again.',
      });
  }
  return intentAnswer(kind, intent, 'authenticate');
}
