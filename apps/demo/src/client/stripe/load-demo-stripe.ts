import type { Stripe } from '@stripe/stripe-js';

interface DemoConfig {
  stripe:
    | { mode: 'emulator'; apiBase: string; publishableKey: string }
    | { mode: 'stripe'; publishableKey: string };
}

/**
 * The Stripe.js loader the provider calls when a card form first mounts, and only then. Offline it is the fake
 * Stripe.js talking to the emulator; with real keys it is Stripe.js from js.stripe.com. Both are imported
 * dynamically, so pages without card entry download neither.
 */
export async function loadDemoStripe(): Promise<Stripe | null> {
  const response = await fetch('/demo/config');
  if (!response.ok) throw new Error(`Could not read the demo config (${response.status})`);
  const config = (await response.json()) as DemoConfig;
  if (config.stripe.mode === 'emulator') {
    const { createFakeStripe } = await import('@billing-kit/stripe-emulator/browser');
    return createFakeStripe({ apiBase: config.stripe.apiBase, publishableKey: config.stripe.publishableKey });
  }
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  return loadStripe(config.stripe.publishableKey);
}
