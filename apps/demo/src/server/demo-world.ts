import { mkdir, rm } from 'node:fs/promises';
import { type Billing, type BillingStore, createBilling, createPGliteStore } from '@billing-kit/server';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';
import { demoOrgIds, userFromRequest } from './accounts.js';
import { demoPlans, seedCatalog, seedPromotionCode } from './catalog.js';
import { type CustomerDirectory, createCustomerDirectory } from './customer-directory.js';
import { currentRequestTime } from './request-time.js';

/** Keys for real Stripe test mode. */
export interface StripeKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

/** What the browser needs to build its Stripe.js: the fake one against the emulator, or Stripe's own. */
export type BrowserStripeConfig =
  | { mode: 'emulator'; apiBase: string; publishableKey: string }
  | { mode: 'stripe'; publishableKey: string };

/**
 * Everything a reset replaces at once: Stripe (the emulator offline), the seeded catalog and customers, the
 * mirror's database and the billing server on top of it.
 */
export interface DemoWorld {
  stripe: Stripe;
  emulator: StripeEmulator | null;
  store: BillingStore;
  billing: Billing;
  customers: CustomerDirectory;
  browserStripe: BrowserStripeConfig;
  /** Stops this world's emulator and closes its database (and deletes its data directory). */
  close(): Promise<void>;
}

const EMULATOR_PUBLISHABLE_KEY = 'pk_test_billing_kit_demo';

/**
 * Builds a fresh, seeded world: a new emulator (unless `keys` are given), its webhook endpoint pointing at the demo
 * server, the catalog and LAUNCH20, one customer and test clock per organisation, and the billing server on a new
 * PGlite database (in `storeDir`, or in memory). Nothing outside the returned world is touched, so a failure leaves
 * the running demo as it was; what was already started is stopped again.
 */
export async function createDemoWorld(options: {
  keys: StripeKeys | undefined;
  /** Where Stripe posts webhooks: the demo server's own billing endpoint. */
  webhookUrl: string;
  storeDir: string | null;
}): Promise<DemoWorld> {
  const { keys } = options;
  const cleanups: Array<() => Promise<unknown>> = [];
  // Undo in reverse order of creation; each step once, whatever the others do.
  const cleanUp = async () => {
    while (cleanups.length > 0)
      await cleanups
        .pop()?.()
        .catch(() => undefined);
  };
  try {
    let stripe: Stripe;
    let emulator: StripeEmulator | null = null;
    let browserStripe: BrowserStripeConfig;
    if (keys) {
      stripe = new Stripe(keys.secretKey);
      browserStripe = { mode: 'stripe', publishableKey: keys.publishableKey };
    } else {
      const started = await startStripeEmulator({ port: 0 });
      emulator = started;
      cleanups.push(() => started.close());
      // No SDK retries offline: the emulator answers at once, and a retry would hide a bug.
      stripe = new Stripe('sk_test_billing_kit_demo', { ...started.stripeOptions, maxNetworkRetries: 0 });
      browserStripe = { mode: 'emulator', apiBase: started.url, publishableKey: EMULATOR_PUBLISHABLE_KEY };
    }

    const productIds = await seedCatalog(stripe);
    await seedPromotionCode(stripe);
    const customers = await createCustomerDirectory(stripe, { orgIds: demoOrgIds, testClocks: !keys });

    // Offline, the endpoint is created after the seed, so the seed's own events go nowhere: until this world
    // replaces the running one, its webhooks would reach the previous world's billing and be refused.
    const webhookSecret = keys
      ? keys.webhookSecret
      : (await stripe.webhookEndpoints.create({ url: options.webhookUrl, enabled_events: ['*'] })).secret;
    if (!webhookSecret) throw new Error('The emulator created a webhook endpoint without a signing secret.');

    const { storeDir } = options;
    if (storeDir) {
      await rm(storeDir, { recursive: true, force: true });
      await mkdir(storeDir, { recursive: true });
      cleanups.push(() => rm(storeDir, { recursive: true, force: true }));
    }
    const store = await createPGliteStore(storeDir ? { dataDir: storeDir } : {});
    cleanups.push(() => store.close());

    const billing = createBilling({
      stripe,
      store,
      webhookSecret,
      catalog: {
        plans: demoPlans.map((plan) => {
          const productId = productIds.get(plan.key);
          if (!productId) throw new Error(`The seed did not create the ${plan.name} plan.`);
          return {
            productId,
            features: plan.features,
            entitlements: plan.entitlements,
            highlighted: plan.highlighted ?? false,
            perSeat: plan.perSeat ?? false,
          };
        }),
      },
      // The host's auth decides who the customer is: here, the signed-in user's organisation.
      resolveCustomer: (request) => {
        const user = userFromRequest(request.headers);
        return user ? customers.accountFor(user.orgId).customerId : null;
      },
      // Grace periods and card expiry follow the organisation's test clock (see request-time.ts).
      now: currentRequestTime,
    });
    await billing.syncCatalog();

    return {
      stripe,
      emulator,
      store,
      billing,
      customers,
      browserStripe,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
