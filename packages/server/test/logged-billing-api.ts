import type { Billing } from '../src/index.js';
import { type BillingTestEnv, startBillingTestEnv } from './billing-test-env.js';
import { type ServedHandler, serveOverHttp } from './serve-over-http.js';
import { type StripeCallLog, startStripeCallLog } from './stripe-call-log.js';

/** A test environment plus a billing API whose every Stripe request is logged at the network, over node:http. */
export interface LoggedBillingApi {
  env: BillingTestEnv;
  /** Every Stripe request the API makes; `mutations()` tells executed writes from Stripe's idempotent replays. */
  stripeLog: StripeCallLog;
  /** The billing API on the environment's store and secret, its Stripe calls going through `stripeLog`. */
  billing: Billing;
  /** `billing.handler` behind node:http: requests cross the network and the Node adapter. */
  served: ServedHandler;
  close(): Promise<void>;
}

/** Starts a {@link LoggedBillingApi}: the emulator, a store, the Stripe call log and the API served over HTTP. */
export async function startLoggedBillingApi(): Promise<LoggedBillingApi> {
  const env = await startBillingTestEnv();
  const stripeLog = await startStripeCallLog(env.emulator);
  const billing = env.createBillingWith({ stripe: stripeLog.stripe });
  const served = await serveOverHttp(billing.handler);
  return {
    env,
    stripeLog,
    billing,
    served,
    async close() {
      await served.close();
      await stripeLog.close();
      await env.close();
    },
  };
}
