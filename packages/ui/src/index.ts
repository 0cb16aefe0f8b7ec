'use client';
/**
 * @billing-kit/ui: headless hooks and accessible React components for subscriptions paid with Stripe's Payment
 * Element, talking to @billing-kit/server. Import `@billing-kit/ui/styles.css` once for the default look.
 */
export * from './billing-portal/index.js';
export * from './checkout/index.js';
export * from './entitlements/index.js';
export * from './i18n/index.js';
export * from './payment-method-updater/index.js';
export * from './plan-switcher/index.js';
export { priceAmount } from './pricing/price-amount.js';
export * from './pricing-table/index.js';
export * from './provider/index.js';
