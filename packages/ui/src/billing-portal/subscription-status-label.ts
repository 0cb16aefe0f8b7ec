import type { InvoiceStatus, SubscriptionStatus } from '@billing-kit/core';
import type { BillingMessages } from '../i18n/messages.js';

/** The customer-facing word for a subscription status. */
export function subscriptionStatusLabel(status: SubscriptionStatus, messages: BillingMessages): string {
  switch (status) {
    case 'active':
      return messages.statusActive;
    case 'trialing':
      return messages.statusTrialing;
    case 'past_due':
      return messages.statusPastDue;
    case 'canceled':
      return messages.statusCanceled;
    case 'incomplete':
      return messages.statusIncomplete;
    case 'incomplete_expired':
      return messages.statusIncompleteExpired;
    case 'unpaid':
      return messages.statusUnpaid;
    case 'paused':
      return messages.statusPaused;
  }
}

/** The customer-facing word for an invoice status (drafts are never listed). */
export function invoiceStatusLabel(status: InvoiceStatus, messages: BillingMessages): string {
  switch (status) {
    case 'open':
      return messages.invoiceStatusOpen;
    case 'paid':
      return messages.invoiceStatusPaid;
    case 'void':
      return messages.invoiceStatusVoid;
    case 'uncollectible':
      return messages.invoiceStatusUncollectible;
    case 'draft':
      return status;
  }
}
