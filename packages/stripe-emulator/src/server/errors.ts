import type Stripe from 'stripe';

/** The `type` values Stripe uses in its error envelope. */
export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'authentication_error';

/** The body of Stripe's error envelope: `{ error: StripeErrorBody }`. */
export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  payment_intent?: Stripe.PaymentIntent;
  payment_method?: Stripe.PaymentMethod;
}

/**
 * An error answered to the caller in Stripe's envelope. Route handlers throw it; the HTTP layer turns it into
 * `{ error: { ... } }` with `status`.
 */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;

  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.name = 'StripeApiError';
    this.status = status;
    this.body = body;
  }
}

/** 400 for a parameter that is required and absent. */
export function missingParam(param: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });
}

/** 400 for a parameter whose value is not acceptable. */
export function invalidParam(param: string, message: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'parameter_invalid',
    param,
    message,
  });
}

/** 400 for a parameter the emulator does not know: never silently ignored. */
export function unknownParam(param: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param,
    message:
      `Received unknown parameter: ${param}. If Stripe accepts it, the emulator does not support it yet: ` +
      'see the supported parameters in packages/stripe-emulator/README.md.',
  });
}

/**
 * `resource_missing` for an id that does not exist: 404 when the id is in the URL, 400 when it is a parameter
 * naming another object (`param`).
 */
export function resourceMissing(kind: string, id: string, param?: string): StripeApiError {
  return new StripeApiError(param === undefined || param === 'id' ? 404 : 400, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: param ?? 'id',
    message: `No such ${kind}: '${id}'`,
  });
}

/** 400 for a request that is well formed but not allowed in the object's current state. */
export function invalidState(message: string, param?: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    ...(param === undefined ? {} : { param }),
    message,
  });
}
