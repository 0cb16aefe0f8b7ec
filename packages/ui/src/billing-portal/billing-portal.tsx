import { type ComponentProps, type MouseEvent, type ReactNode, useId } from 'react';
import { PaymentMethodUpdater } from '../payment-method-updater/payment-method-updater.js';
import { PlanSwitcher, type PlanSwitcherProps } from '../plan-switcher/plan-switcher.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { type LandmarkNameProps, landmarkLabelledBy } from '../shared/landmark-name.js';
import { CancelSubscription } from './cancel-subscription.js';
import { InvoiceHistory } from './invoice-history.js';
import { PAYMENT_METHODS_SECTION_ID, PastDueBanner } from './past-due-banner.js';
import { SubscriptionSummary } from './subscription-summary.js';
import { useCurrentSubscription } from './use-current-subscription.js';

/** The sections of a {@link BillingPortal}, in the order they appear; each can be hidden. */
export type BillingPortalSection =
  | 'pastDue'
  | 'summary'
  | 'planSwitcher'
  | 'paymentMethods'
  | 'invoices'
  | 'cancel';

/** Props of {@link BillingPortal}. */
export interface BillingPortalProps extends ComponentProps<'div'>, LandmarkNameProps {
  /** Sections to leave out, e.g. `['invoices']` when your app lists invoices elsewhere. */
  hide?: readonly BillingPortalSection[];
  /** Level of each section's heading, to fit the host page's outline. Default 2 (under the page's `<h1>`). */
  headingLevel?: HeadingLevel;
  /** Where "See plans" goes when the customer has no subscription (your pricing page). */
  pricingHref?: string;
  /** Client-side routing for "See plans": call `event.preventDefault()` and navigate. */
  onNavigateToPlans?: (event: MouseEvent<HTMLAnchorElement>) => void;
  /** Replaces the no-subscription state (e.g. with a `<PricingTable>`). */
  renderNoSubscription?: () => ReactNode;
  /**
   * Where the past-due banner's "Update your card" goes. Default: the portal's own payment-method section, or
   * nothing sensible when that section is hidden, so pass your page's address then.
   */
  paymentMethodsHref?: string;
  /** Client-side routing for "Update your card": call `event.preventDefault()` and navigate. */
  onUpdatePaymentMethod?: (event: MouseEvent<HTMLAnchorElement>) => void;
  /** Called once a plan change is applied or scheduled. */
  onPlanChanged?: PlanSwitcherProps['onChanged'];
}

/**
 * Everything a customer manages about their subscription, for a host's settings page: a past-due banner with
 * recovery, the subscription summary, the plan switcher, payment methods, invoice history, and cancel / resume.
 * Each section is also exported alone (`SubscriptionSummary`, `PastDueBanner`, `PlanSwitcher`,
 * `PaymentMethodUpdater`, `InvoiceHistory`, `CancelSubscription`) for hosts that lay them out themselves.
 *
 * ```tsx
 * <BillingPortal pricingHref="/pricing" onNavigateToPlans={(event) => { event.preventDefault(); navigate('/pricing'); }} />
 * ```
 */
export function BillingPortal({
  hide = [],
  headingLevel = 2,
  pricingHref,
  onNavigateToPlans,
  renderNoSubscription,
  paymentMethodsHref,
  onUpdatePaymentMethod,
  onPlanChanged,
  labelledBy,
  className,
  ...divProps
}: BillingPortalProps) {
  const { messages } = useBillingContext('BillingPortal');
  const current = useCurrentSubscription();
  const shown = (section: BillingPortalSection) => !hide.includes(section);
  const subscription = current.subscription;
  const subHeadingLevel = Math.min(headingLevel + 1, 6) as HeadingLevel;

  return (
    <div
      data-slot="billing-portal"
      data-state={current.status}
      className={joinClassNames('bk-root bk-billing-portal', className)}
      {...divProps}
    >
      {shown('pastDue') && (
        <PastDueBanner
          paymentMethodsHref={paymentMethodsHref ?? `#${PAYMENT_METHODS_SECTION_ID}`}
          onUpdatePaymentMethod={onUpdatePaymentMethod}
          // The card section pays too (with a card the customer picks, 3D Secure included): one place to pay.
          payNowHref={
            shown('paymentMethods') ? (paymentMethodsHref ?? `#${PAYMENT_METHODS_SECTION_ID}`) : undefined
          }
        />
      )}
      {shown('summary') && (
        <SubscriptionSummary
          headingLevel={headingLevel}
          pricingHref={pricingHref}
          onNavigateToPlans={onNavigateToPlans}
          renderNoSubscription={renderNoSubscription}
          labelledBy={labelledBy}
        />
      )}
      {subscription && shown('planSwitcher') && (
        <PortalSection
          title={messages.portalPlanHeading}
          headingLevel={headingLevel}
          slot="billing-portal-plan"
          labelledBy={labelledBy}
        >
          <PlanSwitcher
            subscriptionId={subscription.id}
            headingLevel={subHeadingLevel}
            onChanged={onPlanChanged}
            labelledBy={labelledBy}
          />
        </PortalSection>
      )}
      {subscription && shown('paymentMethods') && (
        <PaymentMethodUpdater
          id={PAYMENT_METHODS_SECTION_ID}
          // The banner's links land here: focusable so the keyboard follows them.
          tabIndex={-1}
          headingLevel={headingLevel}
          className="bk-card bk-portal-section"
          labelledBy={labelledBy}
        />
      )}
      {shown('invoices') && <InvoiceHistory headingLevel={headingLevel} labelledBy={labelledBy} />}
      {subscription && shown('cancel') && (
        <CancelSubscription headingLevel={headingLevel} labelledBy={labelledBy} />
      )}
    </div>
  );
}

function PortalSection({
  title,
  headingLevel,
  slot,
  labelledBy,
  children,
}: {
  title: string;
  headingLevel: HeadingLevel;
  slot: string;
  children: ReactNode;
} & LandmarkNameProps) {
  const titleId = useId();
  return (
    <section
      data-slot={slot}
      aria-labelledby={landmarkLabelledBy(titleId, labelledBy)}
      className="bk-card bk-portal-section"
    >
      <Heading level={headingLevel} id={titleId} className="bk-portal-section-title">
        {title}
      </Heading>
      {children}
    </section>
  );
}
