/**
 * The event types the mirror reads: give them to the webhook endpoint instead of `['*']`, so Stripe sends only what
 * billing-kit applies (Stripe does not take wildcards such as `invoice.*` in `enabled_events`; it takes exact types
 * or `'*'`). Any other event is verified, recorded and ignored, so `'*'` stays correct, only busier: about a third
 * of a subscription's events (payment intents, charges, customer creation, test clocks) change nothing here.
 *
 * @example
 * await stripe.webhookEndpoints.create({ url, enabled_events: [...BILLING_WEBHOOK_EVENTS] });
 */
export const BILLING_WEBHOOK_EVENTS = [
  // The subscription mirror (and the wallet: a subscription's default card is the effective default).
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.pending_update_applied',
  'customer.subscription.pending_update_expired',
  'customer.subscription.trial_will_end',
  // Scheduled changes (downgrades and interval changes at the period end).
  'subscription_schedule.created',
  'subscription_schedule.updated',
  'subscription_schedule.released',
  'subscription_schedule.canceled',
  'subscription_schedule.completed',
  'subscription_schedule.aborted',
  // Invoices, and the subscription status their payment moves.
  'invoice.created',
  'invoice.deleted',
  'invoice.finalized',
  'invoice.finalization_failed',
  'invoice.updated',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice.marked_uncollectible',
  'invoice.voided',
  // Saved cards and the default one.
  'payment_method.attached',
  'payment_method.detached',
  'payment_method.updated',
  'payment_method.automatically_updated',
  'customer.updated',
  'setup_intent.succeeded',
] as const;

/** One of {@link BILLING_WEBHOOK_EVENTS}. */
export type BillingWebhookEvent = (typeof BILLING_WEBHOOK_EVENTS)[number];
