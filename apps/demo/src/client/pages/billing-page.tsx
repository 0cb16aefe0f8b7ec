import type { SubscriptionStatus } from '@billing-kit/core';
import { subscriptionsQueryOptions, useBilling } from '@billing-kit/ui';
import { useQuery } from '@tanstack/react-query';

const statusLabels: Record<SubscriptionStatus, string> = {
  active: 'Active',
  trialing: 'Trialing',
  incomplete: 'Awaiting payment',
  incomplete_expired: 'Expired',
  past_due: 'Past due',
  unpaid: 'Unpaid',
  canceled: 'Canceled',
  paused: 'Paused',
};

/**
 * Billing settings. Everything here comes from the billing server's mirror (GET /subscriptions makes no Stripe
 * call), which the webhook pipeline keeps in step with Stripe.
 */
export function BillingPage() {
  const { client, formatMoney, locale } = useBilling();
  const subscriptions = useQuery(subscriptionsQueryOptions(client));

  return (
    <section aria-labelledby="billing-title" className="demo-card">
      <h1 id="billing-title">Billing settings</h1>
      {subscriptions.isPending ? (
        <p>Loading your subscription…</p>
      ) : subscriptions.isError ? (
        <div role="alert">
          <p>We couldn't load your subscription.</p>
          <button type="button" className="demo-link" onClick={() => void subscriptions.refetch()}>
            Retry
          </button>
        </div>
      ) : subscriptions.data.subscriptions.length === 0 ? (
        <p>
          You have no subscription yet. <a href="#/">See the plans</a>
        </p>
      ) : (
        <ul className="demo-subscriptions">
          {subscriptions.data.subscriptions.map((subscription) => (
            <li key={subscription.id}>
              <h2>{subscription.planName}</h2>
              <dl>
                <dt>Status</dt>
                <dd data-testid="subscription-status">{statusLabels[subscription.status]}</dd>
                <dt>Price</dt>
                <dd>
                  {subscription.unitAmount === null
                    ? 'Tiered'
                    : `${formatMoney(subscription.unitAmount * subscription.quantity, subscription.currency)} per ${subscription.interval}`}
                  {subscription.quantity > 1 ? ` (${subscription.quantity} seats)` : ''}
                </dd>
                <dt>{subscription.cancelAtPeriodEnd ? 'Ends on' : 'Renews on'}</dt>
                <dd>
                  {new Date(subscription.currentPeriodEnd * 1000).toLocaleDateString(locale, {
                    dateStyle: 'long',
                  })}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
