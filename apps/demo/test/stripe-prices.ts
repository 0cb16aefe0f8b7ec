import type Stripe from 'stripe';

/** The demo's seeded prices, by lookup key (`demo_<plan>_monthly|yearly`). */
export type DemoLookupKey = `demo_${'free' | 'starter' | 'pro' | 'business'}_${'monthly' | 'yearly'}`;

/** The Stripe price id the seed created for a lookup key, read from Stripe itself. */
export async function priceIdOf(stripe: Stripe, lookupKey: DemoLookupKey): Promise<string> {
  const prices = await stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
  const price = prices.data[0];
  if (!price) throw new Error(`No active price with lookup key ${lookupKey}: is the demo catalog seeded?`);
  return price.id;
}
