import type { SubscriptionSummary } from '@billing-kit/core';
import { catalogQueryOptions, useBilling } from '@billing-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { StripeSubscriptionView } from './dev-api.js';
import { ScrollRegion } from './scroll-region.js';

interface Row {
  label: string;
  mirror: string;
  stripe: string;
}

/**
 * "Mirrored subscription": each subscription as the billing server's store holds it, side by side with what Stripe
 * holds, so a developer sees the webhook pipeline catch up (a row whose two sides differ is marked).
 */
export function SubscriptionComparison({
  mirror,
  stripe,
}: {
  mirror: readonly SubscriptionSummary[];
  stripe: readonly StripeSubscriptionView[];
}) {
  const headingId = useId();
  const { client, formatDate } = useBilling();
  const catalog = useQuery(catalogQueryOptions(client));
  const planOfPrice = (priceId: string) => {
    for (const plan of catalog.data?.plans ?? []) {
      const price = plan.prices.find((candidate) => candidate.id === priceId);
      if (price) return `${plan.name} · ${price.interval}ly`;
    }
    return priceId;
  };

  // Every subscription either side knows about, the mirror's order first.
  const ids = [...new Set([...mirror.map((entry) => entry.id), ...stripe.map((entry) => entry.id)])];
  const missing = '—';

  return (
    <section aria-labelledby={headingId} className="dev-panel-section">
      <h3 id={headingId}>Mirrored subscription</h3>
      {ids.length === 0 ? (
        <p className="dev-panel-muted">No subscription yet, in the mirror or in Stripe.</p>
      ) : (
        ids.map((id) => {
          const mirrored = mirror.find((entry) => entry.id === id);
          const held = stripe.find((entry) => entry.id === id);
          const rows: Row[] = [
            { label: 'Status', mirror: mirrored?.status ?? missing, stripe: held?.status ?? missing },
            {
              label: 'Plan',
              mirror: mirrored ? `${mirrored.planName} · ${mirrored.interval}ly` : missing,
              stripe: held ? planOfPrice(held.priceId) : missing,
            },
            {
              label: 'Quantity',
              mirror: mirrored ? String(mirrored.quantity) : missing,
              stripe: held ? String(held.quantity) : missing,
            },
            {
              label: 'Period end',
              mirror: mirrored ? formatDate(mirrored.currentPeriodEnd) : missing,
              stripe: held ? formatDate(held.currentPeriodEnd) : missing,
            },
            {
              label: 'Cancel at period end',
              mirror: mirrored ? yesNo(mirrored.cancelAtPeriodEnd) : missing,
              stripe: held ? yesNo(held.cancelAtPeriodEnd) : missing,
            },
            {
              label: 'Scheduled change',
              mirror: mirrored
                ? mirrored.scheduledChange
                  ? `${mirrored.scheduledChange.planName} · ${mirrored.scheduledChange.interval}ly × ${mirrored.scheduledChange.quantity} on ${formatDate(mirrored.scheduledChange.effectiveAt)}`
                  : 'None'
                : missing,
              stripe: held ? (held.scheduleId ? `Schedule ${held.scheduleId}` : 'None') : missing,
            },
          ];
          return (
            <ScrollRegion key={id} label={`Subscription ${id}, scrollable`}>
              <table className="dev-panel-table" data-testid="dev-subscription">
                <caption>
                  Subscription <code>{id}</code>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Mirror (billing store)</th>
                    <th scope="col">Stripe</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    // The scheduled change is described differently on each side: only compare presence.
                    const differs =
                      row.label === 'Scheduled change'
                        ? (row.mirror === 'None') !== (row.stripe === 'None')
                        : row.mirror !== row.stripe;
                    return (
                      <tr key={row.label} data-state={differs ? 'differs' : 'same'}>
                        <th scope="row">{row.label}</th>
                        <td>{row.mirror}</td>
                        <td>
                          {row.stripe}
                          {differs && <span className="dev-panel-differs"> (differs)</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          );
        })
      )}
    </section>
  );
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}
