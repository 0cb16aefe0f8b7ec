/**
 * `@billing-kit/stripe-emulator/browser`: a fake Stripe.js that talks to the emulator. Browser-only code: no Node
 * imports here or in anything this folder imports.
 */

/**
 * The emulator's test-card table (no Node imports), so code answering Stripe in the page itself (an in-memory
 * Stripe for Storybook) decides declines and 3D Secure exactly as the emulator does.
 */
export {
  type CardAuthentication,
  type CardOutcome,
  describeCard,
  passesLuhn,
  type TestCard,
} from '../resources/test-cards.js';
export { createFakeStripe, type FakeStripeOptions } from './fake-stripe.js';
