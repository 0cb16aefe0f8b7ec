import type Stripe from 'stripe';
import { demoOrgNames } from './accounts.js';

/** One organisation's Stripe customer and, offline, the test clock its subscriptions live on. */
export interface OrgCustomer {
  customerId: string;
  /** Null in Stripe test mode: the demo does not create test clocks there. */
  clockId: string | null;
}

/** Maps organisations to their Stripe customers and remembers where each one's test clock stands. */
export interface CustomerDirectory {
  /** The organisation's customer (and clock). Unknown organisations are a programming error: it throws. */
  accountFor(orgId: string): OrgCustomer;
  /** The organisation's test clock time (unix seconds) as last read, or null without a clock. */
  clockTime(orgId: string): number | null;
  /** Reads the organisation's test clock from Stripe again (after an advance) and returns its frozen time. */
  refreshClock(orgId: string): Promise<number | null>;
}

/**
 * Creates one customer per organisation, each on its own test clock when `testClocks` is set (offline), so
 * advancing Acme's time never touches Globex. Customers are created up front, one after the other, so that the
 * seed is the same on every run.
 */
export async function createCustomerDirectory(
  stripe: Stripe,
  options: { orgIds: string[]; testClocks: boolean },
): Promise<CustomerDirectory> {
  const accounts = new Map<string, OrgCustomer>();
  const clockTimes = new Map<string, number>();
  for (const orgId of options.orgIds) {
    const name = demoOrgNames[orgId] ?? orgId;
    let clockId: string | null = null;
    if (options.testClocks) {
      const clock = await stripe.testHelpers.testClocks.create({
        frozen_time: Math.floor(Date.now() / 1000),
        name,
      });
      clockId = clock.id;
      clockTimes.set(orgId, clock.frozen_time);
    }
    const customer = await stripe.customers.create({
      name,
      metadata: { demo_org: orgId },
      ...(clockId ? { test_clock: clockId } : {}),
    });
    accounts.set(orgId, { customerId: customer.id, clockId });
  }

  function accountFor(orgId: string): OrgCustomer {
    const account = accounts.get(orgId);
    if (!account)
      throw new Error(`No demo organisation "${orgId}": pick one of ${options.orgIds.join(', ')}.`);
    return account;
  }

  return {
    accountFor,
    clockTime: (orgId) => clockTimes.get(orgId) ?? null,
    async refreshClock(orgId) {
      const { clockId } = accountFor(orgId);
      if (!clockId) return null;
      const clock = await stripe.testHelpers.testClocks.retrieve(clockId);
      clockTimes.set(orgId, clock.frozen_time);
      return clock.frozen_time;
    },
  };
}
