/**
 * An in-memory billing server and Stripe for stories and tests: `createInMemoryBilling(scenario)`, the
 * `InMemoryBillingProvider` that wires it into the kit, and ready-made `scenarios`. Test-only: never published.
 */
export {
  type BillingScenario,
  DEFAULT_LATENCY_MS,
  DEFAULT_PROMOTION_CODES,
  IN_MEMORY_START_TIME,
  type PromotionCodeDefinition,
  type RouteFault,
} from './billing-scenario.js';
export type { ChargeRecord, RequestRecord } from './billing-state.js';
export {
  createInMemoryBilling,
  IN_MEMORY_BILLING_BASE_URL,
  IN_MEMORY_STRIPE_API_BASE,
  type InMemoryBilling,
  type InMemoryBillingSnapshot,
} from './create-in-memory-billing.js';
export { InMemoryBillingProvider, type InMemoryBillingProviderProps } from './in-memory-billing-provider.js';
export { savedCard, scenarios } from './scenarios.js';
