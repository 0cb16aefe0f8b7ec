import type { SubscriptionSummary } from '@billing-kit/core';

/** One subscription as Stripe holds it, in the shape `GET /demo/dev/state` reports it. */
export interface StripeSubscriptionView {
  id: string;
  status: string;
  priceId: string;
  quantity: number;
  currentPeriodEnd: number;
  cancelAtPeriodEnd: boolean;
  scheduleId: string | null;
}

/** What `GET /demo/dev/state` answers for the signed-in user's organisation (the demo's dev API contract). */
export interface DevState {
  org: { id: string; name: string };
  customerId: string;
  clock: { frozenTime: number } | null;
  mirror: SubscriptionSummary[];
  stripe: StripeSubscriptionView[];
  ledger: Array<{
    id: string;
    type: string;
    receivedAt: unknown;
    appliedAt: unknown;
    attempts: number;
    lastError: string | null;
  }>;
  entitlements: { features: string[]; status: string | null };
}
