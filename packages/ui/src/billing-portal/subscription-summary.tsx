import type { SubscriptionSummary as Subscription } from '@billing-kit/core';
import { type ComponentProps, type MouseEvent, type ReactNode, useId } from 'react';
import { formatMessage } from '../i18n/messages.js';
import type { BillingContextValue } from '../provider/billing-context.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { type LandmarkNameProps, landmarkLabelledBy } from '../shared/landmark-name.js';
import { LoadError } from '../shared/load-error.js';
import { PortalSectionSkeleton } from './portal-loading.js';
import { subscriptionStatusLabel } from './subscription-status-label.js';
import { useCurrentSubscription } from './use-current-subscription.js';

/** Props of {@link SubscriptionSummary}. */
export interface SubscriptionSummaryProps extends ComponentProps<'section'>, LandmarkNameProps {
  /** Level of the section heading, to fit the host page's outline. Default 2. */
  headingLevel?: HeadingLevel;
  /** Where the "See plans" link of the no-subscription state goes (your pricing page). */
  pricingHref?: string;
  /**
   * Called when the customer follows the "See plans" link, for hosts that route on the client:
   * call `event.preventDefault()` and navigate yourself.
   */
  onNavigateToPlans?: (event: MouseEvent<HTMLAnchorElement>) => void;
  /** Replaces the whole no-subscription state (e.g. with your `<PricingTable>`). */
  renderNoSubscription?: () => ReactNode;
}

/**
 * The current subscription at a glance: plan, status, seats, price, next renewal date and amount, and notices for a
 * trial end, a scheduled change or a cancellation at period end. Loading skeleton, error with Retry, and a
 * no-subscription state pointing to the plans.
 *
 * ```tsx
 * <SubscriptionSummary pricingHref="/pricing" />
 * ```
 */
export function SubscriptionSummary({
  headingLevel = 2,
  pricingHref,
  onNavigateToPlans,
  renderNoSubscription,
  labelledBy,
  className,
  ...sectionProps
}: SubscriptionSummaryProps) {
  const context = useBillingContext('SubscriptionSummary');
  const { messages } = context;
  const current = useCurrentSubscription();
  const titleId = useId();

  return (
    <section
      data-slot="subscription-summary"
      data-state={current.status}
      aria-busy={current.status === 'loading' || undefined}
      aria-labelledby={landmarkLabelledBy(titleId, labelledBy)}
      className={joinClassNames('bk-root bk-card bk-portal-section bk-subscription-summary', className)}
      {...sectionProps}
    >
      <Heading
        level={headingLevel}
        id={titleId}
        data-slot="subscription-summary-title"
        className="bk-portal-section-title"
      >
        {messages.subscriptionHeading}
      </Heading>
      {current.status === 'loading' && <PortalSectionSkeleton label={messages.loadingSubscription} />}
      {current.status === 'error' && (
        <LoadError
          slot="subscription-summary-error"
          message={messages.subscriptionLoadFailed}
          retryLabel={messages.retry}
          onRetry={current.retry}
        />
      )}
      {current.status === 'empty' &&
        (renderNoSubscription ? (
          renderNoSubscription()
        ) : (
          <NoSubscription pricingHref={pricingHref} onNavigateToPlans={onNavigateToPlans} />
        ))}
      {current.status === 'ready' && current.subscription && (
        <SubscriptionDetails subscription={current.subscription} context={context} />
      )}
    </section>
  );
}

/** The no-subscription state: a sentence and, when the host gave one, a link to its plans. */
export function NoSubscription({
  pricingHref,
  onNavigateToPlans,
}: Pick<SubscriptionSummaryProps, 'pricingHref' | 'onNavigateToPlans'>) {
  const { messages } = useBillingContext('NoSubscription');
  return (
    <div data-slot="subscription-summary-empty" className="bk-empty">
      <p>{messages.noSubscription}</p>
      {pricingHref && (
        <a
          href={pricingHref}
          data-slot="subscription-summary-plans-link"
          className="bk-button"
          data-variant="primary"
          onClick={onNavigateToPlans}
        >
          {messages.seePlans}
        </a>
      )}
    </div>
  );
}

function SubscriptionDetails({
  subscription,
  context,
}: {
  subscription: Subscription;
  context: BillingContextValue;
}) {
  const { messages, formatMoney, formatDate: date } = context;
  const intervalWord = subscription.interval === 'month' ? messages.intervalMonth : messages.intervalYear;
  const price =
    subscription.unitAmount === null
      ? null
      : formatMessage(
          subscription.quantity > 1 ? messages.pricePerSeatPerInterval : messages.pricePerInterval,
          {
            price: formatMoney(subscription.unitAmount, subscription.currency),
            interval: intervalWord,
          },
        );
  const renewal = subscription.nextInvoice;

  return (
    <>
      <dl data-slot="subscription-summary-details" className="bk-portal-details">
        <div>
          <dt>{messages.summaryPlan}</dt>
          <dd data-slot="subscription-summary-plan">{subscription.planName}</dd>
        </div>
        <div>
          <dt>{messages.summaryStatus}</dt>
          <dd>
            <span
              data-slot="subscription-summary-status"
              data-state={subscription.status}
              className="bk-badge"
              data-variant={statusVariant(subscription)}
            >
              {subscriptionStatusLabel(subscription.status, messages)}
            </span>
          </dd>
        </div>
        {subscription.quantity > 1 && (
          <div>
            <dt>{messages.summarySeats}</dt>
            <dd data-slot="subscription-summary-seats">{subscription.quantity}</dd>
          </div>
        )}
        {price && (
          <div>
            <dt>{messages.summaryPrice}</dt>
            <dd data-slot="subscription-summary-price">{price}</dd>
          </div>
        )}
        <div>
          <dt>{messages.summaryNextRenewal}</dt>
          <dd data-slot="subscription-summary-renewal">
            {renewal && !subscription.cancelAtPeriodEnd
              ? formatMessage(messages.nextRenewalAmountOn, {
                  amount: formatMoney(renewal.amount, subscription.currency),
                  date: date(renewal.date),
                })
              : messages.noRenewal}
          </dd>
        </div>
      </dl>
      {subscription.status === 'trialing' && subscription.trialEnd !== null && (
        <p data-slot="subscription-summary-trial" className="bk-notice">
          {formatMessage(messages.trialEndsOn, { date: date(subscription.trialEnd) })}
        </p>
      )}
      {subscription.scheduledChange && !subscription.cancelAtPeriodEnd && (
        <p data-slot="subscription-summary-scheduled-change" className="bk-notice">
          {formatMessage(messages.scheduledChangeOn, {
            plan: subscription.scheduledChange.planName,
            date: date(subscription.scheduledChange.effectiveAt),
          })}
        </p>
      )}
      {subscription.cancelAtPeriodEnd && (
        <p data-slot="subscription-summary-ends" className="bk-notice" data-variant="warning">
          {formatMessage(messages.subscriptionEndsOn, { date: date(subscription.currentPeriodEnd) })}
        </p>
      )}
    </>
  );
}

function statusVariant(subscription: Subscription): string {
  if (subscription.status === 'active' || subscription.status === 'trialing') return 'success';
  if (subscription.status === 'past_due' || subscription.status === 'unpaid') return 'danger';
  return 'neutral';
}
