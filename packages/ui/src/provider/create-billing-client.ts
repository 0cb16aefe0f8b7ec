import {
  ApiErrorBodySchema,
  type BillingRoute,
  billingRoutes,
  type CatalogResponse,
  DEFAULT_BASE_PATH,
  IDEMPOTENCY_HEADER,
  type StartSubscriptionRequest,
  type StartSubscriptionResponse,
  type SubscriptionsResponse,
} from '@billing-kit/core';
import { BillingApiError } from './billing-api-error.js';

/** Options for {@link createBillingClient}. */
export interface BillingClientOptions {
  /** Where the server's billing handler is mounted. Defaults to `/api/billing`. May be absolute. */
  baseUrl?: string;
  /** The fetch to use (e.g. one that adds auth). Defaults to the global `fetch`, looked up on each call. */
  fetch?: typeof fetch;
  /** Extra headers for every request, or a function returning them (read on each request, e.g. a fresh token). */
  headers?: HeadersInit | (() => HeadersInit);
  /**
   * How many times a POST is sent again, with the same idempotency key, when no answer arrives or the server says
   * the failure is retryable. Defaults to 1. Reads are retried by React Query instead.
   */
  postRetries?: number;
}

/** Per-request options. */
export interface BillingRequestOptions {
  signal?: AbortSignal;
}

/** Options for requests that change state. */
export interface BillingMutationOptions extends BillingRequestOptions {
  /**
   * One key per user action: the server forwards it to Stripe so a retried action never charges twice. Pass the
   * same key to retry the same action; omit it to get a fresh one.
   */
  idempotencyKey?: string;
}

/** A typed client for the billing API of `@billing-kit/server`. Every response is validated against the contract. */
export interface BillingClient {
  /** The resolved base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The plans of the catalog and the signed-in customer's current price. */
  getCatalog(options?: BillingRequestOptions): Promise<CatalogResponse>;
  /** The signed-in customer's subscriptions, from the server's mirror. */
  listSubscriptions(options?: BillingRequestOptions): Promise<SubscriptionsResponse>;
  /** Starts an incomplete subscription and returns the intent the Payment Element must confirm. */
  startSubscription(
    request: StartSubscriptionRequest,
    options?: BillingMutationOptions,
  ): Promise<StartSubscriptionResponse>;
}

/** A fresh idempotency key for one user action. */
export function createIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Creates the client the `BillingProvider` uses to talk to `@billing-kit/server`.
 *
 * ```ts
 * const client = createBillingClient({ baseUrl: '/api/billing', headers: () => ({ authorization: token() }) });
 * ```
 */
export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const postRetries = options.postRetries ?? 1;
  // Looked up per call, not at creation, so creating a client at module scope never touches `window`.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call<Route extends BillingRoute>(
    name: string,
    route: Route,
    body: unknown,
    requestOptions: BillingMutationOptions = {},
  ): Promise<RouteResponse<Route>> {
    const url = `${baseUrl}${route.path}`;
    const headers = new Headers(typeof options.headers === 'function' ? options.headers() : options.headers);
    headers.set('accept', 'application/json');
    const isWrite = route.method !== 'GET';
    if (isWrite) {
      headers.set('content-type', 'application/json');
      headers.set(IDEMPOTENCY_HEADER, requestOptions.idempotencyKey ?? createIdempotencyKey());
    }
    const init: RequestInit = {
      method: route.method,
      headers,
      ...(isWrite ? { body: JSON.stringify(body ?? {}) } : {}),
      ...(requestOptions.signal ? { signal: requestOptions.signal } : {}),
    };

    const attempts = isWrite ? 1 + postRetries : 1;
    let lastError: BillingApiError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        return await send(name, url, route, init);
      } catch (error) {
        if (
          !(error instanceof BillingApiError) ||
          !isWorthRetrying(error) ||
          requestOptions.signal?.aborted
        ) {
          throw error;
        }
        lastError = error;
      }
    }
    throw lastError;
  }

  async function send<Route extends BillingRoute>(
    name: string,
    url: string,
    route: Route,
    init: RequestInit,
  ): Promise<RouteResponse<Route>> {
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new BillingApiError(
        {
          code: 'network_error',
          status: 0,
          retryable: true,
          message: `Could not reach the billing API at ${url}. Check the network and that the server is running.`,
        },
        { cause: error },
      );
    }

    const json = await readJson(response);
    if (!response.ok) {
      const parsed = ApiErrorBodySchema.safeParse(json);
      if (parsed.success) {
        throw new BillingApiError({ ...parsed.data.error, status: response.status });
      }
      throw new BillingApiError({
        code: 'invalid_response',
        status: response.status,
        retryable: response.status >= 500,
        message: `${route.method} ${url} answered ${response.status} without a billing-kit error body. Is the billing handler mounted at "${baseUrl}"?`,
      });
    }

    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
      throw new BillingApiError({
        code: 'invalid_response',
        status: response.status,
        message: `The response of ${name} (${route.method} ${url}) does not match the billing-kit contract${where}: ${issue?.message ?? 'unknown issue'}. Make sure @billing-kit/server and @billing-kit/ui come from the same release.`,
      });
    }
    return parsed.data as RouteResponse<Route>;
  }

  return {
    baseUrl,
    getCatalog: (requestOptions) => call('getCatalog', billingRoutes.getCatalog, undefined, requestOptions),
    listSubscriptions: (requestOptions) =>
      call('listSubscriptions', billingRoutes.listSubscriptions, undefined, requestOptions),
    startSubscription: (request, requestOptions) =>
      call('startSubscription', billingRoutes.startSubscription, request, requestOptions),
  };
}

type RouteResponse<Route extends BillingRoute> = ReturnType<Route['response']['parse']>;

function isWorthRetrying(error: BillingApiError): boolean {
  return error.code === 'network_error' || error.retryable;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
