import {
  ApiErrorBodySchema,
  type BillingRoute,
  type BillingRouteName,
  billingRoutes,
  DEFAULT_BASE_PATH,
  IDEMPOTENCY_HEADER,
} from '@billing-kit/core';
import { BillingApiError } from './billing-api-error.js';
import { createIdempotencyKey } from './idempotency-key.js';

export { createIdempotencyKey } from './idempotency-key.js';

/** Options for {@link createBillingClient}. */
export interface BillingClientOptions {
  /** Where the server's billing handler is mounted. Defaults to `/api/billing`. May be absolute. */
  baseUrl?: string;
  /** The fetch to use (e.g. one that adds auth). Defaults to the global `fetch`, looked up on each call. */
  fetch?: typeof fetch;
  /** Extra headers for every request, or a function returning them (read on each request, e.g. a fresh token). */
  headers?: HeadersInit | (() => HeadersInit);
  /**
   * How many times a write is sent again, with the same idempotency key, when no answer arrives or the server says
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

type Routes = typeof billingRoutes;

/** The names of a path's parameters: `'/subscriptions/:id/confirm'` gives `'id'`. */
type PathParamNames<Path extends string> = Path extends `${string}:${infer Param}/${infer Rest}`
  ? Param | PathParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Param}`
    ? Param
    : never;

type Simplify<T> = { [Key in keyof T]: T[Key] } & {};

/** A schema's input type, read through Standard Schema so the UI needs no direct zod dependency. */
type SchemaInput<Schema> = Schema extends { '~standard': { types?: infer Types } }
  ? NonNullable<Types> extends { input: infer Input }
    ? Input
    : never
  : never;

type SchemaOutput<Schema> = Schema extends { '~standard': { types?: infer Types } }
  ? NonNullable<Types> extends { output: infer Output }
    ? Output
    : never
  : never;

/** Strict zod objects add `[key: string]: never` to their input; only the named fields matter here. */
type WithoutIndexSignature<T> = {
  [Key in keyof T as string extends Key ? never : number extends Key ? never : Key]: T[Key];
};

type RouteBody<Route extends BillingRoute> = Route['request'] extends null
  ? Record<never, never>
  : WithoutIndexSignature<SchemaInput<Route['request']>>;

/**
 * What a route method takes: its path parameters (`id`) and its body's fields, in one object. Path parameters go
 * into the URL, the other fields into the JSON body.
 */
export type BillingRouteInput<Name extends BillingRouteName> = Simplify<
  { [Param in PathParamNames<Routes[Name]['path']>]: string } & RouteBody<Routes[Name]>
>;

/** What a route method resolves with: the route's response, validated by its `@billing-kit/core` schema. */
export type BillingRouteResult<Name extends BillingRouteName> = SchemaOutput<Routes[Name]['response']>;

type RouteOptions<Name extends BillingRouteName> = Routes[Name]['method'] extends 'GET'
  ? BillingRequestOptions
  : BillingMutationOptions;

/**
 * The arguments of a route method: `(options?)` when the route takes nothing, `(input?, options?)` when every
 * field is optional, `(input, options?)` otherwise.
 */
export type BillingRouteArgs<Name extends BillingRouteName> = [keyof BillingRouteInput<Name>] extends [never]
  ? [options?: RouteOptions<Name>]
  : Record<never, never> extends BillingRouteInput<Name>
    ? [input?: BillingRouteInput<Name>, options?: RouteOptions<Name>]
    : [input: BillingRouteInput<Name>, options?: RouteOptions<Name>];

/** One method per route of `billingRoutes`, named after the route. */
export type BillingRouteMethods = {
  [Name in BillingRouteName]: (...args: BillingRouteArgs<Name>) => Promise<BillingRouteResult<Name>>;
};

/**
 * A typed client for the billing API of `@billing-kit/server`: one method per route of `billingRoutes` from
 * `@billing-kit/core`, named after it (`getCatalog()`, `previewSubscription({ priceId })`,
 * `confirmSubscription({ id })`, `payInvoice({ id, paymentMethodId })`...). Every response is validated against the
 * contract; every failure is a {@link BillingApiError}.
 */
export interface BillingClient extends BillingRouteMethods {
  /** The resolved base URL, without a trailing slash. Part of every query key, so two servers never share a cache. */
  readonly baseUrl: string;
  /**
   * Calls a route by name: `client.request('payInvoice', { id }, { idempotencyKey })`. The same as the method of
   * that name; handy for code that is generic over routes.
   */
  request<Name extends BillingRouteName>(
    name: Name,
    ...args: BillingRouteArgs<Name>
  ): Promise<BillingRouteResult<Name>>;
}

/**
 * Creates the client the `BillingProvider` uses to talk to `@billing-kit/server`.
 *
 * ```ts
 * const client = createBillingClient({ baseUrl: '/api/billing', headers: () => ({ authorization: token() }) });
 * const preview = await client.previewSubscription({ priceId, quantity: 3, promotionCode: 'SPRING25' });
 * await client.cancelSubscription({ id: subscription.id }, { idempotencyKey });
 * ```
 */
export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const postRetries = options.postRetries ?? 1;
  // Looked up per call, not at creation, so creating a client at module scope never touches `window`.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call(name: BillingRouteName, args: unknown[]): Promise<unknown> {
    const route: BillingRoute = billingRoutes[name];
    const paramNames = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
    const emptyBody = route.request === null || isEmptyObjectSchema(route.request);
    // A route without input takes only options: `getCatalog(options)`; otherwise `(input, options)`.
    const takesInput = paramNames.length > 0 || !emptyBody;
    const input = (takesInput ? args[0] : undefined) ?? {};
    const requestOptions = ((takesInput ? args[1] : args[0]) ?? {}) as BillingMutationOptions;

    const fields = { ...(input as Record<string, unknown>) };
    let path = route.path;
    for (const param of paramNames) {
      const value = fields[param];
      if (typeof value !== 'string' || value === '') {
        throw new TypeError(`client.${name} needs \`${param}\` (a non-empty string) in its first argument.`);
      }
      path = path.replace(`:${param}`, encodeURIComponent(value));
      delete fields[param];
    }

    const url = `${baseUrl}${path}`;
    const headers = new Headers(typeof options.headers === 'function' ? options.headers() : options.headers);
    headers.set('accept', 'application/json');
    const isRead = route.method === 'GET';
    const hasBody = route.request !== null;
    if (!isRead) headers.set(IDEMPOTENCY_HEADER, requestOptions.idempotencyKey ?? createIdempotencyKey());
    if (hasBody) headers.set('content-type', 'application/json');
    const init: RequestInit = {
      method: route.method,
      headers,
      ...(hasBody ? { body: JSON.stringify(fields) } : {}),
      ...(requestOptions.signal ? { signal: requestOptions.signal } : {}),
    };

    const attempts = isRead ? 1 : 1 + postRetries;
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

  async function send(name: string, url: string, route: BillingRoute, init: RequestInit): Promise<unknown> {
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
    return parsed.data;
  }

  const methods = Object.fromEntries(
    (Object.keys(billingRoutes) as BillingRouteName[]).map((name) => [
      name,
      (...args: unknown[]) => call(name, args),
    ]),
  ) as unknown as BillingRouteMethods;

  return {
    ...methods,
    baseUrl,
    request: ((name: BillingRouteName, ...args: unknown[]) => call(name, args)) as BillingClient['request'],
  };
}

/** `z.object({})`: a route whose body has no fields (confirm, cancel, resume...). */
function isEmptyObjectSchema(schema: object): boolean {
  const shape = (schema as { shape?: unknown }).shape;
  return typeof shape === 'object' && shape !== null && Object.keys(shape).length === 0;
}

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
