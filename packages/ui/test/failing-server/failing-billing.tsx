import { type BillingRouteName, billingRoutes, IDEMPOTENCY_HEADER } from '@billing-kit/core';
import { QueryClient } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { type BillingClient, BillingProvider, createBillingClient } from '../../src/index.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  IN_MEMORY_BILLING_BASE_URL,
  type InMemoryBilling,
} from '../in-memory-billing/index.js';

/**
 * How a route fails, the ways real servers and the networks in front of them fail:
 * - `http-500`: the server's own 500 with the core error envelope (`internal_error`, not retryable);
 * - `http-503`: a 503 `stripe_unavailable` marked `retryable`;
 * - `http-429`: a rate limiter in front of the server answering 429 in plain text, with `Retry-After`;
 * - `network`: the request never reaches the server (`TypeError: Failed to fetch`);
 * - `not-json`: a 200 whose body is an HTML page (a proxy's or a CDN's);
 * - `wrong-shape`: a 200 with JSON that is not the route's contract;
 * - `lost-after-apply`: the server does the work and answers, but the answer never arrives (the client sees a
 *   network error): the one that double-charges when a retry is a new action.
 */
export type FailureMode =
  | 'http-500'
  | 'http-503'
  | 'http-429'
  | 'network'
  | 'not-json'
  | 'wrong-shape'
  | 'lost-after-apply';

/** Every failure mode, for `it.each`. */
export const FAILURE_MODES: readonly FailureMode[] = [
  'http-500',
  'http-503',
  'http-429',
  'network',
  'not-json',
  'wrong-shape',
  'lost-after-apply',
];

/** One request the client sent, whether or not it reached the in-memory server. */
export interface SentRequest {
  route: BillingRouteName | null;
  method: string;
  idempotencyKey: string | null;
  /** The body as sent (JSON), or `null` without one. */
  body: string | null;
  /** The failure injected, or `null` when the server's answer was delivered. */
  failure: FailureMode | null;
}

/** An in-memory billing behind a fetch that fails on demand, and the kit's real client in front of it. */
export interface FailingBilling {
  billing: InMemoryBilling;
  /** `createBillingClient` (the kit's public entry point) over the failing fetch. */
  client: BillingClient;
  /** From now on, every request to `route` fails with `mode` (the client's own resend included). */
  fail(route: BillingRouteName, mode: FailureMode): void;
  /** The server recovers: every route answers normally again. */
  recover(): void;
  /** Every billing request the client sent, oldest first. */
  sent: SentRequest[];
  /** The requests sent to `route`. */
  sentTo(route: BillingRouteName): SentRequest[];
}

/** How long every write takes to answer (or to fail). */
const WRITE_LATENCY_MS = 40;

const compiledRoutes = (Object.keys(billingRoutes) as BillingRouteName[]).map((name) => ({
  name,
  method: billingRoutes[name].method,
  pattern: new RegExp(`^${billingRoutes[name].path.replace(/:\w+/g, '[^/]+')}$`),
}));

function routeOf(method: string, url: URL): BillingRouteName | null {
  const path = url.pathname.replace(/^\/api\/billing/, '');
  return compiledRoutes.find((route) => route.method === method && route.pattern.test(path))?.name ?? null;
}

function injected(mode: Exclude<FailureMode, 'network' | 'lost-after-apply'>): Response {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  switch (mode) {
    case 'http-500':
      return json(500, {
        error: {
          code: 'internal_error',
          message: 'Something went wrong on our side. Please try again later.',
        },
      });
    case 'http-503':
      return json(503, {
        error: {
          code: 'stripe_unavailable',
          message: 'Payments are unavailable right now. Please try again shortly.',
          retryable: true,
        },
      });
    case 'http-429':
      return new Response('Too Many Requests', {
        status: 429,
        headers: { 'content-type': 'text/plain', 'retry-after': '1' },
      });
    case 'not-json':
      return new Response('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      });
    case 'wrong-shape':
      return json(200, { ok: true, data: null, error: { stack: 'TypeError: x is undefined\n at handler' } });
  }
}

/**
 * Creates an in-memory billing seeded from `scenario` (answering at once), the kit's client over a fetch that
 * injects failures per route, and a request log of what the client sent. Stripe.js's calls pass through untouched.
 */
export function createFailingBilling(scenario: BillingScenario = {}): FailingBilling {
  const billing = createInMemoryBilling({ latencyMs: 0, ...scenario });
  const failures = new Map<BillingRouteName, FailureMode>();
  const sent: SentRequest[] = [];

  const failingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.startsWith('/api/billing/')) return billing.fetch(input, init);
    const method = (init?.method ?? 'GET').toUpperCase();
    const route = routeOf(method, url);
    const failure = route ? (failures.get(route) ?? null) : null;
    const idempotencyKey = new Headers(init?.headers).get(IDEMPOTENCY_HEADER);
    const body = typeof init?.body === 'string' ? init.body : null;
    sent.push({ route, method, idempotencyKey, body, failure });
    // A write takes a moment, as over a real network: a double click lands while the first is still pending.
    if (method !== 'GET') await new Promise((resolve) => setTimeout(resolve, WRITE_LATENCY_MS));
    // The in-memory billing honours the Idempotency-Key of every write, as @billing-kit/server does: a resend of a
    // write it applied gets the first answer and is not applied twice.
    const serve = () => billing.fetch(input, init);
    if (failure === null) return serve();
    if (failure === 'network') throw new TypeError('Failed to fetch');
    if (failure === 'lost-after-apply') {
      // The server applies the request and answers; the connection drops before the answer arrives.
      await (await serve()).text();
      throw new TypeError('Failed to fetch');
    }
    return injected(failure);
  };

  return {
    billing,
    client: createBillingClient({ baseUrl: IN_MEMORY_BILLING_BASE_URL, fetch: failingFetch }),
    fail: (route, mode) => {
      failures.set(route, mode);
    },
    recover: () => failures.clear(),
    sent,
    sentTo: (route) => sent.filter((request) => request.route === route),
  };
}

/**
 * Renders `ui` inside the kit's `BillingProvider` over `failing`'s client, with the fake Stripe.js. Queries are not
 * retried by React Query (the component's own Retry is under test), as a host may configure.
 */
export function renderWithFailingBilling(ui: ReactElement, failing: FailingBilling): RenderResult {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, retryDelay: 0 } } });
  return render(
    <BillingProvider
      client={failing.client}
      stripe={() => Promise.resolve(failing.billing.stripe)}
      queryClient={queryClient}
    >
      {ui}
    </BillingProvider>,
  );
}

/**
 * What a customer must never read: raw JSON, HTTP status codes, error class names and codes, stack frames, the API's
 * address, or a value that leaked as `undefined` / `null` / `NaN`.
 */
export const LEAK_PATTERN =
  /[{}[\]]|"\w+"\s*:|\b(?:429|500|503)\b|TypeError|SyntaxError|Error:|Failed to fetch|\bat \S+ \(|\bundefined\b|\bnull\b|\bNaN\b|internal_error|stripe_unavailable|invalid_response|network_error|api\/billing|https?:\/\/|nginx|<\/?\w+>/;
