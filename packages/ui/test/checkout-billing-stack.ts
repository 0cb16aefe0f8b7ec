import type { Billing } from '@billing-kit/server';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';
import { mountBillingServer, TEST_CUSTOMER_HEADER } from './billing-stack.js';

/**
 * The real stack for the checkout: Stripe emulator, billing server on node:http and PGlite, with
 * - Pro: $20.00 a month;
 * - Starter: $10.00 a month with a 14-day trial;
 * - Seats: $15.00 per seat a month (per seat);
 * - the promotion code `SPRING25` (25% off the first payment), and a 10% exclusive tax rate on every subscription.
 */
export interface CheckoutStack {
  emulator: StripeEmulator;
  stripe: Stripe;
  billing: Billing;
  /** Base URL of the billing API, e.g. `http://127.0.0.1:1234/api/billing`. */
  apiUrl: string;
  prices: { proMonthly: string; starterTrial: string; seatsMonthly: string };
  /** A new customer; requests carrying `x-test-customer: <id>` act as them. */
  createCustomer(): Promise<string>;
  close(): Promise<void>;
}

export { TEST_CUSTOMER_HEADER };

export async function startCheckoutStack(): Promise<CheckoutStack> {
  const emulator = await startStripeEmulator({ port: 0 });
  const stripe = new Stripe('sk_test_billing_kit_ui_checkout', {
    ...emulator.stripeOptions,
    maxNetworkRetries: 0,
  });

  const pro = await stripe.products.create({ name: 'Pro' });
  const starter = await stripe.products.create({ name: 'Starter' });
  const seats = await stripe.products.create({ name: 'Seats' });
  const prices = {
    proMonthly: (
      await stripe.prices.create({
        product: pro.id,
        currency: 'usd',
        unit_amount: 2000,
        recurring: { interval: 'month' },
      })
    ).id,
    starterTrial: (
      await stripe.prices.create({
        product: starter.id,
        currency: 'usd',
        unit_amount: 1000,
        recurring: { interval: 'month', trial_period_days: 14 },
      })
    ).id,
    seatsMonthly: (
      await stripe.prices.create({
        product: seats.id,
        currency: 'usd',
        unit_amount: 1500,
        recurring: { interval: 'month' },
      })
    ).id,
  };
  const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'once', name: 'Spring' });
  await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING25' });
  const taxRate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });

  const { billing, apiUrl, close } = await mountBillingServer(stripe, {
    catalog: {
      plans: [
        { productId: pro.id, features: ['Unlimited projects'], highlighted: true },
        { productId: starter.id, features: ['3 projects'] },
        { productId: seats.id, features: ['SSO'], perSeat: true },
      ],
    },
    defaultTaxRates: [taxRate.id],
  });

  return {
    emulator,
    stripe,
    billing,
    apiUrl,
    prices,
    createCustomer: async () => (await stripe.customers.create({ email: 'buyer@example.com' })).id,
    close: async () => {
      await close();
      await emulator.close();
    },
  };
}
