import type { RouteDefinition } from '../server/route.js';
import { customerRoutes } from './customers.js';
import { eventRoutes } from './events.js';
import { invoiceRoutes } from './invoices.js';
import { paymentIntentRoutes } from './payment-intents.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { priceRoutes } from './prices.js';
import { productRoutes } from './products.js';
import { subscriptionRoutes } from './subscriptions.js';
import { webhookEndpointRoutes } from './webhook-endpoints.js';

/** Every route the emulator answers, one resource file each. */
export const allRoutes: readonly RouteDefinition[] = [
  ...productRoutes,
  ...priceRoutes,
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...paymentIntentRoutes,
  ...invoiceRoutes,
  ...subscriptionRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
];
