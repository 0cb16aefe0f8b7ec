import type Stripe from 'stripe';
import { type DemoUser, userFromRequest } from './accounts.js';
import type { DemoWorld } from './demo-world.js';
import { readDevPanelState } from './dev-panel-state.js';
import { errorResponse, jsonResponse } from './http-json.js';
import { oneDayLater, oneMonthLater } from './test-clock-time.js';

/** Where the developer panel's API is mounted. */
export const DEV_PANEL_BASE_PATH = '/demo/dev';

/** The card whose every charge fails (4000 0000 0000 0341): attaching it succeeds, the next renewal does not. */
const FAILING_CARD = 'pm_card_chargeCustomerFail';
const LIVE_STATUSES: ReadonlySet<Stripe.Subscription.Status> = new Set(['active', 'trialing', 'past_due']);
const MAX_BODY_BYTES = 1024;

/** What the developer panel works on, provided by the running demo. */
export interface DevPanelWorlds {
  /** Runs `work` on the current world, which a reset cannot close before `work` is over. */
  withWorld<T>(work: (world: DemoWorld) => Promise<T>): Promise<T>;
  /** Runs `work` alone: no other panel action (nor a reset) runs at the same time. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Replaces the world with a freshly seeded one; throws, leaving the current world running, when that fails. */
  reset(): Promise<void>;
}

type Action = (context: { request: Request; user: DemoUser; worlds: DevPanelWorlds }) => Promise<Response>;

/**
 * The developer panel's API, a Fetch handler for `/demo/dev/*` (offline only; pass `null` in Stripe test mode and
 * every route answers 404). The organisation is always the signed-in user's, from the session cookie.
 *
 * - `GET /demo/dev/state`: the `DevPanelState` of the signed-in organisation.
 * - `POST /demo/dev/advance` `{ "by": "day" | "month" }`: advances the organisation's test clock, waits until its
 *   webhooks are delivered and applied, answers the new state.
 * - `POST /demo/dev/fail-next-renewal`: makes test card 4000 0000 0000 0341 the default of the customer and of
 *   its live subscription; answers the state.
 * - `POST /demo/dev/reset`: replaces everything with a freshly seeded demo; answers `{ ok: true }`.
 */
export function createDevPanelApi(worlds: DevPanelWorlds | null): (request: Request) => Promise<Response> {
  const routes: Record<string, { method: 'GET' | 'POST'; action: Action }> = {
    state: { method: 'GET', action: answerState },
    advance: { method: 'POST', action: advanceClock },
    'fail-next-renewal': { method: 'POST', action: failNextRenewal },
    reset: { method: 'POST', action: resetDemo },
  };

  return async (request) => {
    if (!worlds) {
      return errorResponse(
        404,
        'not_found',
        'The developer panel only exists offline, against the Stripe emulator: it is off in Stripe test mode.',
      );
    }
    const { pathname } = new URL(request.url);
    const name = pathname.startsWith(`${DEV_PANEL_BASE_PATH}/`)
      ? pathname.slice(DEV_PANEL_BASE_PATH.length + 1)
      : '';
    const route = Object.hasOwn(routes, name) ? routes[name] : undefined;
    if (!route) {
      return errorResponse(
        404,
        'not_found',
        `No developer panel route ${pathname}. Routes: ${Object.keys(routes)
          .map((route) => `${DEV_PANEL_BASE_PATH}/${route}`)
          .join(', ')}.`,
      );
    }
    if (request.method !== route.method) {
      return errorResponse(405, 'method_not_allowed', `Use ${route.method} for ${pathname}.`, {
        allow: route.method,
      });
    }
    const user = userFromRequest(request.headers);
    if (!user) return errorResponse(401, 'unauthenticated', 'Sign in to use the developer panel.');
    try {
      return await route.action({ request, user, worlds });
    } catch (error) {
      if (error instanceof BadRequest) return errorResponse(400, 'invalid_request', error.message);
      console.error('demo: developer panel action failed:', error instanceof Error ? error.message : error);
      return errorResponse(
        500,
        'internal_error',
        'The developer panel action failed; the terminal running the demo shows why. Try again.',
      );
    }
  };
}

class BadRequest extends Error {}

/** The JSON object the request carries; an empty body counts as `{}`. */
async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) throw new BadRequest('The body is too large.');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequest('The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequest('The body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** Refuses a body with anything in it: these actions take no input (the organisation comes from the session). */
async function expectNoInput(request: Request): Promise<void> {
  const keys = Object.keys(await readJsonObject(request));
  if (keys.length > 0) throw new BadRequest(`This action takes no input; remove ${keys.join(', ')}.`);
}

const answerState: Action = ({ user, worlds }) =>
  worlds.withWorld(async (world) => jsonResponse(200, await readDevPanelState(world, user)));

const advanceClock: Action = async ({ request, user, worlds }) => {
  const body = await readJsonObject(request);
  const extra = Object.keys(body).filter((key) => key !== 'by');
  if ((body.by !== 'day' && body.by !== 'month') || extra.length > 0) {
    throw new BadRequest('Send { "by": "day" } or { "by": "month" }.');
  }
  const by = body.by;
  return worlds.exclusive(() =>
    worlds.withWorld(async (world) => {
      const { clockId } = world.customers.accountFor(user.orgId);
      if (!clockId) throw new Error(`The ${user.orgId} customer has no test clock.`);
      const clock = await world.stripe.testHelpers.testClocks.retrieve(clockId);
      const target = by === 'day' ? oneDayLater(clock.frozen_time) : oneMonthLater(clock.frozen_time);
      await world.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: target });
      await waitUntilClockReady(world.stripe, clockId);
      await world.customers.refreshClock(user.orgId);
      await settle(world);
      return jsonResponse(200, await readDevPanelState(world, user));
    }),
  );
};

const failNextRenewal: Action = async ({ request, user, worlds }) => {
  await expectNoInput(request);
  return worlds.exclusive(() =>
    worlds.withWorld(async (world) => {
      const { stripe } = world;
      const { customerId } = world.customers.accountFor(user.orgId);
      const card = await stripe.paymentMethods.attach(FAILING_CARD, { customer: customerId });
      await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } });
      // The subscription's own default wins over the customer's, so the live one must point at the card too.
      const subscriptions = await stripe.subscriptions.list({
        customer: customerId,
        status: 'all',
        limit: 100,
      });
      for (const subscription of subscriptions.data) {
        if (!LIVE_STATUSES.has(subscription.status)) continue;
        await stripe.subscriptions.update(subscription.id, { default_payment_method: card.id });
      }
      await settle(world);
      return jsonResponse(200, await readDevPanelState(world, user));
    }),
  );
};

const resetDemo: Action = async ({ request, worlds }) => {
  await expectNoInput(request);
  try {
    await worlds.exclusive(() => worlds.reset());
  } catch (error) {
    console.error(
      'demo: reset failed, the demo keeps its data:',
      error instanceof Error ? error.message : error,
    );
    return errorResponse(
      500,
      'reset_failed',
      'The demo could not be reset; it keeps running with its current data. The terminal running the demo shows ' +
        'why. Try again, or restart `pnpm demo`.',
    );
  }
  return jsonResponse(200, { ok: true });
};

/** Waits until every webhook is delivered and the mirror has applied every event it accepted. */
async function settle(world: DemoWorld): Promise<void> {
  await world.emulator?.flushWebhooks();
  await world.billing.drain();
}

/** Stripe answers an advance with `advancing`; the clock's work is done once it reads `ready` again. */
async function waitUntilClockReady(stripe: Stripe, clockId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const clock = await stripe.testHelpers.testClocks.retrieve(clockId);
    if (clock.status === 'ready') return;
    if (clock.status === 'internal_failure') throw new Error(`Test clock ${clockId} failed to advance.`);
    if (Date.now() > deadline) throw new Error(`Test clock ${clockId} is still advancing after 60 s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
