import type { StripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';

/** An SDK instance on the emulator whose HTTP client records every request it sends (`METHOD /v1/path`). */
export function countingStripe(emulator: StripeEmulator): { stripe: Stripe; calls: string[] } {
  const calls: string[] = [];
  const base = Stripe.createNodeHttpClient();
  const httpClient = Object.create(base) as typeof base;
  httpClient.makeRequest = (host, port, path, method, headers, requestData, protocol, timeout) => {
    calls.push(`${method} ${path.split('?')[0]}`);
    return base.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
  };
  return {
    stripe: new Stripe('sk_test_billing_kit_counting', { ...emulator.stripeOptions, httpClient }),
    calls,
  };
}
