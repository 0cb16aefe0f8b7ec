import {
  type BillingRoute,
  type BillingRouteName,
  billingRoutes,
  IDEMPOTENCY_HEADER,
  type InvoiceSummary,
  type PaymentMethodSummary,
  type SubscriptionSummary,
} from '@billing-kit/core';
import { createFakeStripe } from '@billing-kit/stripe-emulator/browser';
import type { Stripe } from '@stripe/stripe-js';
import { type BillingClient, createBillingClient } from '../../src/index.js';
import { catalogResponse } from '../catalog-fixture.js';
import { billingRouteHandlers } from './billing-routes.js';
import {
  type BillingScenario,
  DEFAULT_LATENCY_MS,
  DEFAULT_PROMOTION_CODES,
  IN_MEMORY_START_TIME,
  type RouteFault,
} from './billing-scenario.js';
import { BillingState, type ChargeRecord, type RequestRecord } from './billing-state.js';
import { RouteError } from './route-error.js';
import { answerStripe } from './stripe-routes.js';

/** Where the in-memory server pretends to live. `.invalid` can never resolve: nothing here touches the network. */
const ORIGIN = 'https://in-memory.billing-kit.invalid';
/** The billing client's base URL. */
export const IN_MEMORY_BILLING_BASE_URL = `${ORIGIN}/api/billing`;
/** The fake Stripe.js's API base. */
export const IN_MEMORY_STRIPE_API_BASE = `${ORIGIN}/stripe`;

/**
 * POST routes that only compute (nothing is written): the server answers them afresh whatever the key, so they are
 * never replayed.
 */
const COMPUTING_ROUTES: ReadonlySet<BillingRouteName> = new Set(['previewSubscription', 'previewPlanChange']);

/** The first successful answer to a write, replayed to the same write sent again with its `Idempotency-Key`. */
interface IdempotentAnswer {
  /** What was asked: the path (which object) and the body. */
  fingerprint: string;
  body: unknown;
}

/** The request's path and body, with the body's keys in a stable order (`{a,b}` is the same request as `{b,a}`). */
function requestFingerprint(path: string, rawBody: string): string {
  let body: unknown = rawBody;
  try {
    body = rawBody === '' ? null : (JSON.parse(rawBody) as unknown);
  } catch {
    // Not JSON: the raw text is the fingerprint (the route refuses it anyway).
  }
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, sorted(entry)]),
    );
  };
  return JSON.stringify([path, sorted(body)]);
}

/** What the in-memory server holds, for assertions: copies, safe to keep. */
export interface InMemoryBillingSnapshot {
  subscriptions: SubscriptionSummary[];
  paymentMethods: PaymentMethodSummary[];
  invoices: InvoiceSummary[];
  /** Successful charges only, oldest first. */
  charges: ChargeRecord[];
  /** Every request to the billing API (not to Stripe), oldest first. */
  requests: RequestRecord[];
}

/** A billing server and a Stripe held in memory, with the client and fake Stripe.js that talk to them. */
export interface InMemoryBilling {
  /** A `createBillingClient` pointed at the in-memory server. */
  client: BillingClient;
  /** The fake Stripe.js of `@billing-kit/stripe-emulator/browser`, answered by the in-memory Stripe. */
  stripe: Stripe;
  /** Answers both the billing API (under `/api/billing`) and Stripe's (under `/stripe/v1`), in memory. */
  fetch: typeof fetch;
  /** The server's state now. */
  state(): Readonly<InMemoryBillingSnapshot>;
}

interface CompiledRoute {
  name: BillingRouteName;
  route: BillingRoute;
  pattern: RegExp;
  params: string[];
}

const compiledRoutes: CompiledRoute[] = (Object.keys(billingRoutes) as BillingRouteName[]).map((name) => {
  const route: BillingRoute = billingRoutes[name];
  const params = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
  const pattern = new RegExp(`^${route.path.replace(/:\w+/g, '([^/]+)')}$`);
  return { name, route, pattern, params };
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Waits `ms`, or rejects like fetch when `signal` aborts first. */
function delay(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}

/** A request that never answers (the `loading` fault), but still rejects when aborted, as fetch does. */
function never(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () =>
      reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')),
    );
  });
}

function readBody(init: RequestInit | undefined): string {
  const body = init?.body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError(
    'The in-memory billing fetch only reads string bodies, as the billing client sends them.',
  );
}

/** The clock starts mid-period of the scenario's live subscription, so prorations are always in range. */
function startTimeOf(subscriptions: SubscriptionSummary[]): number {
  const live = subscriptions.find((subscription) =>
    ['active', 'trialing', 'past_due', 'unpaid', 'incomplete'].includes(subscription.status),
  );
  if (!live) return IN_MEMORY_START_TIME;
  return Math.floor((live.currentPeriodStart + live.currentPeriodEnd) / 2);
}

/**
 * Creates a billing server and a Stripe in memory, seeded from `scenario`, plus the client and fake Stripe.js that
 * talk to them. It answers every route of `billingRoutes` as `@billing-kit/server` does (the core schemas validate
 * every body in and out), keeps state across calls, replays the first answer to a write sent again with the same
 * `Idempotency-Key` (409 `conflict` for the same key with another body), and mints PaymentIntent / SetupIntent client secrets that its
 * fake Stripe.js confirms by card number: 4242 pays, 0002 declines, 3155 opens the 3D Secure challenge.
 *
 * ```tsx
 * const billing = createInMemoryBilling(scenarios.active);
 * <BillingProvider client={billing.client} stripe={() => Promise.resolve(billing.stripe)}>...</BillingProvider>
 * ```
 */
export function createInMemoryBilling(scenario: BillingScenario = {}): InMemoryBilling {
  const taxRate = scenario.taxRate ?? 0;
  if (taxRate > 0 && taxRate < 1) {
    throw new Error(
      `createInMemoryBilling: taxRate is a percentage; ${taxRate} means ${taxRate}%. Pass 10 for 10% (not 0.1).`,
    );
  }
  const subscriptions = scenario.subscriptions ?? [];
  const state = new BillingState(
    scenario.catalog ?? catalogResponse(),
    subscriptions,
    scenario.paymentMethods ?? [],
    scenario.invoices ?? [],
    scenario.promotionCodes ?? DEFAULT_PROMOTION_CODES,
    taxRate,
    startTimeOf(subscriptions),
  );
  const latencyMs = scenario.latencyMs ?? DEFAULT_LATENCY_MS;
  const faults = new Map<BillingRouteName, RouteFault>(
    Object.entries(scenario.faults ?? {}) as Array<[BillingRouteName, RouteFault]>,
  );
  // By route and client key, as the server derives its Stripe keys from route, customer and client key.
  const idempotentAnswers = new Map<string, IdempotentAnswer>();

  function answerBilling(method: string, path: string, headers: Headers, rawBody: string): Response {
    const idempotencyKey = headers.get(IDEMPOTENCY_HEADER);
    state.requests.push({ method, path, idempotencyKey });
    const matches = compiledRoutes.filter((candidate) => candidate.pattern.test(path));
    if (matches.length === 0) {
      return json(
        404,
        new RouteError(404, 'not_found', 'There is no billing route at this address.').toBody(),
      );
    }
    // `/subscriptions/preview` also matches `/subscriptions/:id`-like patterns of other methods: pick by method.
    const compiled = matches.find((candidate) => candidate.route.method === method);
    if (!compiled) {
      const allow = [...new Set(matches.map((candidate) => candidate.route.method))].join(', ');
      return json(
        405,
        new RouteError(405, 'method_not_allowed', `This route only accepts ${allow}.`).toBody(),
        { Allow: allow },
      );
    }
    const { name, route } = compiled;
    const values = compiled.pattern.exec(path)?.slice(1) ?? [];
    const params = Object.fromEntries(
      compiled.params.map((param, index) => [param, decodeURIComponent(values[index] ?? '')]),
    );
    // Every write honours its Idempotency-Key, as @billing-kit/server does (it forwards the key to Stripe): the
    // same write sent again gets the first successful answer and is not applied twice; the same key with another
    // path or body is a client bug, refused as Stripe's idempotency error is. A refusal is not remembered: the
    // client starts a new action after one.
    const cacheKey =
      idempotencyKey && method !== 'GET' && !COMPUTING_ROUTES.has(name) ? `${name} ${idempotencyKey}` : null;
    const fingerprint = requestFingerprint(path, rawBody);
    const cached = cacheKey ? idempotentAnswers.get(cacheKey) : undefined;
    if (cached && cached.fingerprint !== fingerprint) {
      return json(
        409,
        new RouteError(
          409,
          'conflict',
          'This action was already sent with different details. Reload and retry.',
        ).toBody(),
      );
    }
    if (cached) return json(200, cached.body);
    try {
      const body = parseRequestBody(route, headers, rawBody);
      const answer = billingRouteHandlers[name]({ state, params, body });
      const checked = route.response.safeParse(answer);
      if (!checked.success) {
        // A bug here would make stories lie about what the real server sends: fail loudly instead.
        throw new Error(
          `In-memory billing answered ${name} with a body that breaks the core contract: ${checked.error.message}`,
        );
      }
      const serialised = JSON.parse(JSON.stringify(checked.data)) as unknown;
      if (cacheKey) idempotentAnswers.set(cacheKey, { fingerprint, body: serialised });
      return json(200, serialised);
    } catch (error) {
      if (error instanceof RouteError) return json(error.status, error.toBody());
      throw error;
    }
  }

  const inMemoryFetch: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers ?? request?.headers);
    const rawBody = request && init?.body === undefined ? await request.text() : readBody(init);
    const signal = init?.signal ?? request?.signal;
    if (url.origin !== ORIGIN) {
      throw new TypeError(`The in-memory billing fetch only answers ${ORIGIN}, not ${url.href}.`);
    }

    if (url.pathname.startsWith('/stripe/')) {
      await delay(latencyMs, signal);
      const path = url.pathname.slice('/stripe'.length);
      const form = method === 'GET' ? url.searchParams : new URLSearchParams(rawBody);
      const answer = answerStripe(state, method, path, form);
      return json(answer.status, answer.body);
    }

    const path = url.pathname.replace(/^\/api\/billing/, '');
    const routeName = compiledRoutes.find(
      (candidate) => candidate.route.method === method && candidate.pattern.test(path),
    )?.name;
    const fault = routeName ? faults.get(routeName) : undefined;
    if (fault === 'loading') {
      state.requests.push({ method, path, idempotencyKey: headers.get(IDEMPOTENCY_HEADER) });
      return never(signal);
    }
    await delay(latencyMs, signal);
    if (fault === 'error' || fault === 'error-once') {
      if (fault === 'error-once' && routeName) faults.delete(routeName);
      state.requests.push({ method, path, idempotencyKey: headers.get(IDEMPOTENCY_HEADER) });
      return json(
        500,
        new RouteError(500, 'internal_error', 'Something went wrong. Please try again.').toBody(),
      );
    }
    return answerBilling(method, path, headers, rawBody);
  };

  const client = createBillingClient({ baseUrl: IN_MEMORY_BILLING_BASE_URL, fetch: inMemoryFetch });
  const stripe = createFakeStripe({
    apiBase: IN_MEMORY_STRIPE_API_BASE,
    publishableKey: 'pk_test_in_memory',
    fetch: inMemoryFetch,
  });

  return {
    client,
    stripe,
    fetch: inMemoryFetch,
    state: () =>
      structuredClone({
        subscriptions: state.subscriptions,
        paymentMethods: state.paymentMethodSummaries(),
        invoices: [...state.invoices].sort((a, b) => b.created - a.created),
        charges: state.charges,
        requests: state.requests,
      }),
  };
}

/** Validates a body with the route's core request schema: 400 `invalid_request` naming the field, as the server. */
function parseRequestBody(route: BillingRoute, headers: Headers, rawBody: string): unknown {
  if (route.request === null) return undefined;
  if (rawBody !== '' && !/^application\/json\b/i.test(headers.get('content-type') ?? '')) {
    throw new RouteError(
      400,
      'invalid_request',
      'Send the request body as JSON with Content-Type: application/json.',
    );
  }
  let parsed: unknown = {};
  if (rawBody !== '') {
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      throw new RouteError(400, 'invalid_request', 'The request body is not valid JSON.');
    }
  }
  const result = route.request.safeParse(parsed);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path =
    issue?.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : (issue?.path ?? []);
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  const message =
    issue?.code === 'unrecognized_keys'
      ? `The field "${field}" is not accepted.`
      : `The field "${field ?? 'body'}" is invalid: ${issue?.message ?? 'unknown issue'}.`;
  throw new RouteError(400, 'invalid_request', message, field === undefined ? {} : { field });
}
