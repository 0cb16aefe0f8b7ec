import type { RouteDefinition } from '../server/route.js';
import { chargeRoutes } from './charges.js';
import { couponRoutes } from './coupons.js';
import { customerRoutes } from './customers.js';
import { eventRoutes } from './events.js';
import { invoiceRoutes } from './invoices.js';
import { paymentIntentRoutes } from './payment-intents.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { priceRoutes } from './prices.js';
import { productRoutes } from './products.js';
import { promotionCodeRoutes } from './promotion-codes.js';
import { setupIntentRoutes } from './setup-intents.js';
import { subscriptionScheduleRoutes } from './subscription-schedules.js';
import { subscriptionRoutes } from './subscriptions.js';
import { taxRateRoutes } from './tax-rates.js';
import { testClockRoutes } from './test-clocks.js';
import { webhookEndpointRoutes } from './webhook-endpoints.js';

/** Every route the emulator answers, one resource file each. */
export const allRoutes: readonly RouteDefinition[] = [
  ...productRoutes,
  ...priceRoutes,
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...paymentIntentRoutes,
  ...setupIntentRoutes,
  ...chargeRoutes,
  ...invoiceRoutes,
  ...subscriptionRoutes,
  ...couponRoutes,
  ...promotionCodeRoutes,
  ...taxRateRoutes,
  ...subscriptionScheduleRoutes,
  ...testClockRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
];
