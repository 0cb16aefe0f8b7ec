/**
 * `@billing-kit/stripe-emulator`: a stateful, offline Stripe API for the official `stripe` SDK, plus a fake
 * Stripe.js (`@billing-kit/stripe-emulator/browser`).
 */
export { API_VERSION } from './api-version.js';
export {
  DEFAULT_EMULATOR_PORT,
  type StripeEmulator,
  type StripeEmulatorOptions,
  startStripeEmulator,
} from './emulator.js';
export type { DeliveryRecord, WebhookRetryOptions } from './webhooks/delivery-queue.js';
export { signWebhookPayload } from './webhooks/signing.js';
