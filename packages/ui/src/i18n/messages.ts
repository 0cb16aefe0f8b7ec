/**
 * Every string the kit shows an end customer. Templates use `{name}` placeholders that {@link formatMessage}
 * fills in, so a translation can move them freely (`'{price} par {interval}'`).
 */
export const defaultMessages = {
  loadingPlans: 'Loading plans…',
  plansLoadFailed: "We couldn't load the plans.",
  retry: 'Retry',
  noPlans: 'No plans are available right now.',
  billingInterval: 'Billing interval',
  intervalMonthly: 'Monthly',
  intervalYearly: 'Yearly',
  intervalMonth: 'month',
  intervalYear: 'year',
  /** Shown next to the yearly toggle when every plan saves the same share. */
  yearlySaving: 'Save {percent}%',
  /** Shown next to the yearly toggle when plans save different shares. */
  yearlySavingUpTo: 'Save up to {percent}%',
  pricePerInterval: '{price} per {interval}',
  pricePerSeatPerInterval: '{price} per seat per {interval}',
  totalForSeats: '{price} per {interval} for {seats} seats',
  popular: 'Most popular',
  currentPlanBadge: 'Current plan',
  seatsLabel: 'Seats for {plan}',
  choosePlan: 'Choose {plan}',
  upgradeToPlan: 'Upgrade to {plan}',
  switchToPlan: 'Switch to {plan}',
  currentPlanButton: 'Current plan',
  featuresOf: 'Features of {plan}',
  orderSummary: 'Order summary',
  summaryPlan: 'Plan',
  summaryBilling: 'Billing',
  summaryBillingMonthly: 'Monthly',
  summaryBillingYearly: 'Yearly',
  summarySeats: 'Seats',
  summaryTotalToday: 'Total due today',
  loadingCheckout: 'Loading checkout…',
  checkoutLoadFailed: "We couldn't load this plan.",
  priceNotFound: 'This plan is no longer available.',
  paymentDetails: 'Payment details',
  subscribe: 'Subscribe',
  subscribeAmount: 'Subscribe for {amount}',
  processing: 'Processing your payment…',
  activating: 'Activating your subscription…',
  subscribed: "You're subscribed to {plan}",
  activationTimedOut:
    "Your payment went through but your subscription isn't active yet. Refresh the page in a minute to check again.",
  paymentFailed: 'Your payment could not be completed. Please try again.',
  paymentUnavailable: 'Payments are not available right now. Please try again later.',
} as const satisfies Record<string, string>;

/** The keys of every message the kit shows. */
export type BillingMessageKey = keyof typeof defaultMessages;

/** A complete set of messages, e.g. a translation. */
export type BillingMessages = Record<BillingMessageKey, string>;

/**
 * Fills `{name}` placeholders of a message template. Unknown placeholders are left as they are so a typo in a
 * translation shows up on screen rather than silently disappearing.
 */
export function formatMessage(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}
