import type Stripe from 'stripe';
import type { LineDraft } from './invoice-math.js';

/** When and how failed renewals are retried, and what happens after the last retry fails. */
export interface DunningSettings {
  /** Days after the first failed attempt on which the invoice is retried. Default `[1, 3, 7]`. */
  retryDays: number[];
  /** After the last retry fails: cancel the subscription (default, Stripe's default) or leave it `unpaid`. */
  finalAction: 'cancel' | 'unpaid';
}

/** The dunning settings Stripe's dashboard defaults to: 3 retries within a week, then cancel. */
export const DEFAULT_DUNNING: DunningSettings = { retryDays: [1, 3, 7], finalAction: 'cancel' };

/** Days before a renewal that `invoice.upcoming` is sent, unless `upcomingInvoiceDays` says otherwise. */
export const DEFAULT_UPCOMING_INVOICE_DAYS = 7;

/** A line waiting for the next invoice (what Stripe keeps as pending invoice items: prorations). */
export type PendingLine = LineDraft;

/** Retry bookkeeping for an invoice that failed to be collected. */
export interface DunningRecord {
  firstFailedAt: number;
  retriesDone: number;
}

/**
 * Billing engine bookkeeping that Stripe never returns as such: price tiers (only returned when expanded),
 * pending proration lines, dunning records, which trial reminders and upcoming-invoice notices were sent, and the engine's settings.
 */
export class BillingState {
  /** Settings, kept across `reset()`: they belong to the running emulator, not to its data. */
  dunning: DunningSettings = { ...DEFAULT_DUNNING, retryDays: [...DEFAULT_DUNNING.retryDays] };
  /** Setting, kept across `reset()`: how many days before a renewal `invoice.upcoming` is sent. */
  upcomingInvoiceDays = DEFAULT_UPCOMING_INVOICE_DAYS;
  /** `price.tiers` (includable: only in responses that expand it). */
  readonly priceTiers = new Map<string, Stripe.Price.Tier[]>();
  /** Prorations created with `create_prorations`, billed on the subscription's next invoice. */
  readonly pendingLines = new Map<string, PendingLine[]>();
  /** Invoices in dunning, by invoice id. */
  readonly dunningRecords = new Map<string, DunningRecord>();
  /** Subscriptions whose `customer.subscription.trial_will_end` was sent, with the trial end it was for. */
  readonly trialReminders = new Map<string, number>();
  /** Subscriptions whose `invoice.upcoming` was sent, with the renewal (period end) it announced. */
  readonly upcomingInvoiceNotices = new Map<string, number>();
  /** The invoice whose payment applies a subscription's `pending_update`. */
  readonly pendingUpdateInvoices = new Map<string, string>();
  /** The new items of a `pending_update`, as they will be applied. */
  readonly pendingUpdateItems = new Map<string, Stripe.SubscriptionItem[]>();
  /** Discount ids already used by a `once` coupon (removed from the subscription after one invoice). */
  readonly consumedDiscounts = new Set<string>();
  /** Deleted coupons: their existing discounts keep applying, as in Stripe. */
  readonly deletedCoupons = new Map<string, Stripe.Coupon>();
  /** The time a sweep is running at, for objects without a test clock (set while catching up). */
  sweepTime: number | null = null;

  /** Forgets the data (not the settings). */
  clear(): void {
    this.priceTiers.clear();
    this.pendingLines.clear();
    this.dunningRecords.clear();
    this.trialReminders.clear();
    this.upcomingInvoiceNotices.clear();
    this.pendingUpdateInvoices.clear();
    this.pendingUpdateItems.clear();
    this.consumedDiscounts.clear();
    this.deletedCoupons.clear();
    this.sweepTime = null;
  }
}
