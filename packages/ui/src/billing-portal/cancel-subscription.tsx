import { AlertDialog } from 'radix-ui';
import { type ComponentProps, useEffect, useId, useRef, useState } from 'react';
import { formatMessage } from '../i18n/messages.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { type LandmarkNameProps, landmarkLabelledBy } from '../shared/landmark-name.js';
import { useCancelSubscription } from './use-cancel-subscription.js';

/** Props of {@link CancelSubscription}. */
export interface CancelSubscriptionProps extends ComponentProps<'section'>, LandmarkNameProps {
  /** Level of the section heading, to fit the host page's outline. Default 2. */
  headingLevel?: HeadingLevel;
}

/**
 * Cancel at period end, behind a confirmation (a Radix AlertDialog stating the date the plan ends), and Resume
 * while the cancellation is pending. Renders nothing without a current subscription. Outcomes are announced in a
 * status region; focus moves to the control that replaced the one pressed.
 *
 * ```tsx
 * <CancelSubscription />
 * ```
 */
export function CancelSubscription({
  headingLevel = 2,
  labelledBy,
  className,
  ...sectionProps
}: CancelSubscriptionProps) {
  const { messages, formatDate } = useBillingContext('CancelSubscription');
  const control = useCancelSubscription();
  const { subscription, state, action } = control;
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const resumeButton = useRef<HTMLButtonElement>(null);
  const focusTriggerAfterResume = useRef(false);
  const endsAtPeriodEnd = subscription?.cancelAtPeriodEnd ?? false;

  useEffect(() => {
    // Resume replaces itself with the Cancel button: keep the keyboard where the customer was.
    if (!endsAtPeriodEnd && focusTriggerAfterResume.current) {
      focusTriggerAfterResume.current = false;
      cancelButton.current?.focus();
    }
  }, [endsAtPeriodEnd]);

  if (!subscription || subscription.status === 'canceled') return null;

  const endDate = formatDate(subscription.currentPeriodEnd);
  const renewalDate = formatDate(subscription.nextInvoice?.date ?? subscription.currentPeriodEnd);
  const processing = state === 'processing';
  const outcome =
    state === 'succeeded'
      ? action === 'cancel'
        ? formatMessage(messages.subscriptionEndsOn, { date: endDate })
        : formatMessage(messages.resumed, { date: renewalDate })
      : state === 'failed' && action === 'resume'
        ? messages.resumeFailed
        : '';

  return (
    <section
      data-slot="cancel-subscription"
      data-state={endsAtPeriodEnd ? 'ending' : 'renewing'}
      aria-labelledby={landmarkLabelledBy(titleId, labelledBy)}
      className={joinClassNames('bk-root bk-card bk-portal-section bk-cancel-subscription', className)}
      {...sectionProps}
    >
      <Heading
        level={headingLevel}
        id={titleId}
        data-slot="cancel-subscription-title"
        className="bk-portal-section-title"
      >
        {endsAtPeriodEnd ? messages.resumeSubscription : messages.cancelHeading}
      </Heading>
      {/* The dialog's root wraps both states so it can finish closing (and place focus) after the swap. */}
      <AlertDialog.Root
        open={open}
        onOpenChange={(next) => {
          // The dialog stays open while the request runs, so the outcome shows where the customer acted.
          if (processing) return;
          setOpen(next);
          if (next) control.reset();
        }}
      >
        {endsAtPeriodEnd ? (
          <>
            <p data-slot="cancel-subscription-ends" className="bk-notice" data-variant="warning">
              {formatMessage(messages.subscriptionEndsOn, { date: endDate })}
            </p>
            <button
              ref={resumeButton}
              type="button"
              data-slot="cancel-subscription-resume"
              data-state={action === 'resume' ? state : 'idle'}
              className="bk-button"
              data-variant="primary"
              aria-disabled={processing || undefined}
              onClick={() => {
                focusTriggerAfterResume.current = true;
                void control.resume();
              }}
            >
              {processing && action === 'resume' ? messages.resuming : messages.resumeSubscription}
            </button>
          </>
        ) : (
          <>
            <p data-slot="cancel-subscription-description" className="bk-muted">
              {formatMessage(messages.cancelDescription, { plan: subscription.planName })}
            </p>
            <AlertDialog.Trigger asChild>
              <button
                ref={cancelButton}
                type="button"
                data-slot="cancel-subscription-trigger"
                className="bk-button"
                data-variant="danger"
              >
                {messages.cancelSubscription}
              </button>
            </AlertDialog.Trigger>
          </>
        )}
        <AlertDialog.Portal>
          <AlertDialog.Overlay data-slot="cancel-subscription-overlay" className="bk-dialog-overlay" />
          <AlertDialog.Content
            data-slot="cancel-subscription-dialog"
            className="bk-root bk-dialog"
            onCloseAutoFocus={(event) => {
              // After a cancellation the trigger is gone: focus Resume, which took its place.
              if (resumeButton.current) {
                event.preventDefault();
                resumeButton.current.focus();
              }
            }}
          >
            <AlertDialog.Title data-slot="cancel-subscription-dialog-title" className="bk-dialog-title">
              {messages.cancelConfirmTitle}
            </AlertDialog.Title>
            <AlertDialog.Description
              data-slot="cancel-subscription-dialog-description"
              className="bk-dialog-description"
            >
              {formatMessage(messages.cancelConfirmBody, { plan: subscription.planName, date: endDate })}
            </AlertDialog.Description>
            {state === 'failed' && action === 'cancel' && (
              <p role="alert" data-slot="cancel-subscription-error" className="bk-error">
                {messages.cancelFailed}
              </p>
            )}
            <div data-slot="cancel-subscription-dialog-actions" className="bk-dialog-actions">
              <AlertDialog.Cancel asChild>
                <button
                  type="button"
                  className="bk-button"
                  data-variant="secondary"
                  aria-disabled={processing || undefined}
                >
                  {messages.cancelKeep}
                </button>
              </AlertDialog.Cancel>
              <AlertDialog.Action asChild>
                <button
                  type="button"
                  data-slot="cancel-subscription-confirm"
                  data-state={action === 'cancel' ? state : 'idle'}
                  className="bk-button"
                  data-variant="danger"
                  aria-disabled={processing || undefined}
                  onClick={(event) => {
                    // Radix closes the dialog on Action: keep it open until the server has answered, and open
                    // with the error if it failed.
                    event.preventDefault();
                    void control.cancel().then((done) => {
                      if (done) setOpen(false);
                    });
                  }}
                >
                  {processing && action === 'cancel' ? messages.canceling : messages.cancelConfirm}
                </button>
              </AlertDialog.Action>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
      <p
        role="status"
        aria-live="polite"
        data-slot="cancel-subscription-status"
        className={state === 'failed' ? 'bk-error' : undefined}
      >
        {outcome}
      </p>
    </section>
  );
}
