/**
 * `@billing-kit/stripe-emulator`: a stateful, offline Stripe API for the official `stripe` SDK, plus a fake
 * Stripe.js (`@billing-kit/stripe-emulator/browser`).
 */
export { API_VERSION } from './api-version.js';
export { ControlInputError } from './control/control-input.js';
export type {
  ClockSnapshot,
  DelayDeliveriesOptions,
  DelayRequestsOptions,
  DeliveriesSnapshot,
  DeliveryTimeoutOptions,
  DropDeliveriesOptions,
  DuplicateDeliveriesOptions,
  EmulatorControl,
  FailRequestsOptions,
  FaultsSnapshot,
  ReorderDeliveriesOptions,
} from './control/emulator-control.js';
export type { InjectedFailure, PendingRequestFault, RequestFilter } from './control/request-faults.js';
export {
  DEFAULT_EMULATOR_PORT,
  type StripeEmulator,
  type StripeEmulatorOptions,
  startStripeEmulator,
} from './emulator.js';
export { IDEMPOTENCY_KEY_TTL_SECONDS } from './server/idempotency.js';
export type { WebhookFaultsSnapshot } from './webhooks/delivery-faults.js';
export type { DeliveryRecord, WebhookRetryOptions } from './webhooks/delivery-queue.js';
export { signWebhookPayload } from './webhooks/signing.js';
