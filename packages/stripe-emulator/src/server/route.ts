import type { EmulatorContext } from '../context.js';
import type { ParamReader } from './params.js';

/** Which kind of API key authenticated the request. */
export type KeyKind = 'secret' | 'publishable';

/** One decoded API request, as a route handler sees it. */
export interface ApiRequest {
  ctx: EmulatorContext;
  /** Body (POST) or query string (GET/DELETE) parameters; call `finish()`-checked readers only. */
  params: ParamReader;
  /** Values of the `:name` segments of the route path. */
  path: Record<string, string>;
  keyKind: KeyKind;
}

/** One entry of the route table. */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'DELETE';
  /** e.g. `/v1/customers/:id`. */
  path: string;
  /**
   * Stripe.js calls this route with a publishable key (`pk_test_...`); the handler then requires the object's
   * `client_secret`. Every other route needs a secret key.
   */
  allowPublishableKey?: boolean;
  /** Returns the response object (cloned and expanded by the HTTP layer) or throws a `StripeApiError`. */
  handle: (request: ApiRequest) => object;
}
