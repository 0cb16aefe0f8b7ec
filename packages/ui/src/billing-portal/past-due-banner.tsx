import { type ComponentProps, type MouseEvent, useId } from 'react';
import { formatMessage } from '../i18n/messages.js';
import { useBillingContext } from '../provider/use-billing.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { usePastDueRecovery } from './use-past-due-recovery.js';

/** Where the payment-method section of a {@link BillingPortal} is: the banner's "Update your card" link target. */
export const PAYMENT_METHODS_SECTION_ID = 'billing-portal-payment-methods';

/** Props of {@link PastDueBanner}. */
export interface PastDueBannerProps extends ComponentProps<'div'> {
  /** Where "Update your card" goes. Default `#billing-portal-payment-methods` (the portal's card section). */
  paymentMethodsHref?: string;
  /**
   * Called when the customer follows "Update your card", for hosts that route on the client:
   * call `event.preventDefault()` and navigate yourself.
   */
  onUpdatePaymentMethod?: (event: MouseEvent<HTMLAnchorElement>) => void;
  /**
   * Makes "Pay now" a link to where the customer pays (e.g. the card section of the portal, which also offers it)
   * instead of paying in place with the default card. `onUpdatePaymentMethod` is called for it too.
   */
  payNowHref?: string | undefined;
}

/**
 * Shown only while a renewal could not be charged (`past_due` or `unpaid`): says what is owed, links to the card
 * section and pays the open invoice now (3D Secure included, Stripe.js loaded only then). Renders nothing
 * otherwise. The banner is `role="alert"`; the payment's outcome is announced in a status region.
 *
 * ```tsx
 * <PastDueBanner paymentMethodsHref="/settings/billing#cards" />
 * ```
 */
export function PastDueBanner({
  paymentMethodsHref = `#${PAYMENT_METHODS_SECTION_ID}`,
  onUpdatePaymentMethod,
  payNowHref,
  className,
  ...divProps
}: PastDueBannerProps) {
  const { messages, formatMoney } = useBillingContext('PastDueBanner');
  const recovery = usePastDueRecovery();
  const titleId = useId();
  const { subscription, invoice, state } = recovery;

  if (!recovery.isPastDue && state !== 'succeeded') return null;

  const amount = invoice ? formatMoney(invoice.amountDue - invoice.amountPaid, invoice.currency) : null;
  const outcome =
    state === 'processing'
      ? messages.payingNow
      : state === 'succeeded'
        ? messages.paymentReceived
        : state === 'failed'
          ? recovery.failure === 'declined'
            ? messages.payNowDeclined
            : messages.payNowFailed
          : '';

  return (
    <div
      data-slot="past-due-banner"
      data-state={state === 'succeeded' ? 'recovered' : 'past-due'}
      className={joinClassNames('bk-root bk-past-due-banner', className)}
      {...divProps}
    >
      {recovery.isPastDue && (
        <div role="alert" aria-labelledby={titleId} data-slot="past-due-banner-alert">
          <p id={titleId} data-slot="past-due-banner-title" className="bk-past-due-banner-title">
            {messages.pastDueTitle}
          </p>
          <p data-slot="past-due-banner-body">
            {amount
              ? formatMessage(messages.pastDueBody, { amount, plan: subscription?.planName ?? '' })
              : formatMessage(messages.pastDueBodyNoInvoice, { plan: subscription?.planName ?? '' })}
          </p>
        </div>
      )}
      {recovery.isPastDue && (
        <div data-slot="past-due-banner-actions" className="bk-actions">
          <a
            href={paymentMethodsHref}
            data-slot="past-due-banner-update-card"
            className="bk-button"
            data-variant="secondary"
            onClick={onUpdatePaymentMethod}
          >
            {messages.updateCard}
          </a>
          {invoice && amount && payNowHref && (
            <a
              href={payNowHref}
              data-slot="past-due-banner-pay-now"
              className="bk-button"
              data-variant="primary"
              onClick={onUpdatePaymentMethod}
            >
              {formatMessage(messages.payNow, { amount })}
            </a>
          )}
          {invoice && amount && !payNowHref && (
            <button
              type="button"
              data-slot="past-due-banner-pay-now"
              data-state={state}
              className="bk-button"
              data-variant="primary"
              aria-disabled={state === 'processing' || undefined}
              onClick={() => void recovery.payNow()}
            >
              {formatMessage(messages.payNow, { amount })}
            </button>
          )}
        </div>
      )}
      <p
        role="status"
        aria-live="polite"
        data-slot="past-due-banner-status"
        data-state={state}
        className={state === 'failed' ? 'bk-error' : undefined}
      >
        {outcome}
      </p>
    </div>
  );
}
