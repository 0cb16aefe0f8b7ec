/**
 * `@billing-kit/stripe-emulator/browser`: a fake Stripe.js that talks to the emulator. Browser-only code: no Node
 * imports here or in anything this folder imports.
 */
export { createFakeStripe, type FakeStripeOptions } from './fake-stripe.js';
