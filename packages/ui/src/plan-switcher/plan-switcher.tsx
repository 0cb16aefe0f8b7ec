import { MAX_QUANTITY } from '@billing-kit/core';
import { AlertDialog, RadioGroup } from 'radix-ui';
import { type ComponentProps, useEffect, useId, useState } from 'react';
import { formatMessage } from '../i18n/messages.js';
import type { BillingContextValue } from '../provider/billing-context.js';
import { useBillingContext } from '../provider/use-billing.js';
import type { HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import type { LandmarkNameProps } from '../shared/landmark-name.js';
import { LoadError } from '../shared/load-error.js';
import { LoadingPlaceholder } from '../shared/loading-placeholder.js';
import { ProrationPreview } from './proration-preview.js';
import {
  type UsePlanSwitcherOptions,
  type UsePlanSwitcherResult,
  usePlanSwitcher,
} from './use-plan-switcher.js';

/** Props of {@link PlanSwitcher}: the hook's options plus the attributes of the root `<section>`. */
export interface PlanSwitcherProps
  extends UsePlanSwitcherOptions,
    Omit<ComponentProps<'section'>, 'onChange'>,
    LandmarkNameProps {
  /** Level of the component's headings, to fit the host page's outline. Default 3. */
  headingLevel?: HeadingLevel;
}

/**
 * Changes the plan, interval or seats of a subscription: choose (Radix RadioGroups and a seat input), see the
 * server's preview of the change, confirm in a dialog. Upgrades are charged now (3D Secure handled in place),
 * downgrades are scheduled for the period end and can be cancelled. Outcomes are announced in a live region.
 *
 * ```tsx
 * <PlanSwitcher subscriptionId={subscription.id} onChanged={({ outcome }) => toast(outcome)} />
 * ```
 */
export function PlanSwitcher({
  subscriptionId,
  debounceMs,
  onChanged,
  headingLevel = 3,
  labelledBy,
  className,
  ...sectionProps
}: PlanSwitcherProps) {
  const { messages, formatDate } = useBillingContext('PlanSwitcher');
  const switcher = usePlanSwitcher({ subscriptionId, debounceMs, onChanged });
  const errorId = useId();

  return (
    <section
      data-slot="plan-switcher"
      data-state={switcher.status}
      aria-busy={switcher.status === 'loading' || undefined}
      className={joinClassNames('bk-root bk-plan-switcher', className)}
      {...sectionProps}
    >
      {switcher.status === 'loading' && (
        <LoadingPlaceholder slot="plan-switcher-skeleton" label={messages.planSwitcherLoading} />
      )}
      {switcher.status === 'error' && (
        <LoadError
          slot="plan-switcher-error"
          message={messages.planSwitcherLoadFailed}
          retryLabel={messages.retry}
          onRetry={switcher.retry}
        />
      )}
      {switcher.status === 'not_found' && (
        <p data-slot="plan-switcher-empty" className="bk-empty">
          {messages.planSwitcherNoSubscription}
        </p>
      )}
      {switcher.status === 'ready' && (
        <>
          <PlanSwitcherScheduledChange switcher={switcher} />
          <PlanSwitcherChoices switcher={switcher} />
          <PlanSwitcherPreview switcher={switcher} headingLevel={headingLevel} labelledBy={labelledBy} />
          {switcher.changeError && (
            <p id={errorId} role="alert" data-slot="plan-switcher-change-error" className="bk-error">
              {switcher.changeError}
            </p>
          )}
          <PlanSwitcherConfirm switcher={switcher} />
        </>
      )}
      <div
        data-slot="plan-switcher-status"
        role="status"
        aria-live="polite"
        className="bk-plan-switcher-status"
      >
        {planSwitcherStatusMessage(switcher, messages, formatDate)}
      </div>
    </section>
  );
}

/** The change already scheduled for the period end, with a button that cancels it. */
export function PlanSwitcherScheduledChange({ switcher }: { switcher: UsePlanSwitcherResult }) {
  const { messages, formatDate } = useBillingContext('PlanSwitcherScheduledChange');
  const scheduled = switcher.scheduledChange;
  if (!scheduled) return null;
  const processing = switcher.cancelScheduledState === 'processing';
  return (
    <div data-slot="plan-switcher-scheduled" data-state={switcher.cancelScheduledState} className="bk-notice">
      <p>
        {formatMessage(messages.planChangesOn, {
          plan: scheduled.planName,
          date: formatDate(scheduled.effectiveAt),
        })}
      </p>
      <button
        type="button"
        className="bk-button"
        data-variant="secondary"
        data-slot="plan-switcher-cancel-scheduled"
        disabled={processing}
        onClick={() => void switcher.cancelScheduledChange()}
      >
        {formatMessage(messages.cancelScheduledChange, { plan: switcher.subscription?.planName ?? '' })}
      </button>
      {switcher.cancelScheduledError && (
        <p role="alert" className="bk-error">
          {switcher.cancelScheduledError}
        </p>
      )}
    </div>
  );
}

/** Interval and plan radio groups (arrow keys move, Space selects) and, for per-seat plans, the seat count. */
export function PlanSwitcherChoices({ switcher }: { switcher: UsePlanSwitcherResult }) {
  const context = useBillingContext('PlanSwitcherChoices');
  const { messages, formatMoney } = context;
  const idPrefix = useId();
  const choice = switcher.choice;
  if (!choice) return null;
  const busy = switcher.changeState === 'processing' || switcher.changeState === 'authenticating';
  const intervalWord = choice.interval === 'month' ? messages.intervalMonth : messages.intervalYear;

  return (
    <div data-slot="plan-switcher-choices" className="bk-plan-switcher-choices">
      {switcher.intervals.length > 1 && (
        <RadioGroup.Root
          data-slot="plan-switcher-interval"
          className="bk-radio-group"
          aria-label={messages.billingInterval}
          orientation="horizontal"
          value={choice.interval}
          disabled={busy}
          onValueChange={(value) => {
            if (value === 'month' || value === 'year') switcher.setInterval(value);
          }}
        >
          {switcher.intervals.map((interval) => (
            <div key={interval} className="bk-radio">
              <RadioGroup.Item
                id={`${idPrefix}-interval-${interval}`}
                value={interval}
                className="bk-radio-item"
                data-slot="plan-switcher-interval-option"
              >
                <RadioGroup.Indicator className="bk-radio-indicator" />
              </RadioGroup.Item>
              <label htmlFor={`${idPrefix}-interval-${interval}`}>
                {interval === 'month' ? messages.intervalMonthly : messages.intervalYearly}
              </label>
            </div>
          ))}
        </RadioGroup.Root>
      )}
      <RadioGroup.Root
        data-slot="plan-switcher-plans"
        className="bk-radio-group"
        aria-label={messages.planSwitcherPlanLabel}
        value={choice.planId}
        disabled={busy}
        onValueChange={switcher.selectPlan}
      >
        {switcher.options.map((option) => {
          const id = `${idPrefix}-plan-${option.plan.id}`;
          const price = formatMoney(option.price.unitAmount ?? option.amount, option.price.currency);
          return (
            <div key={option.plan.id} className="bk-radio bk-plan-switcher-option" data-state={option.state}>
              <RadioGroup.Item
                id={id}
                value={option.plan.id}
                className="bk-radio-item"
                data-slot="plan-switcher-plan"
                data-plan-state={option.state}
                aria-describedby={`${id}-price`}
              >
                <RadioGroup.Indicator className="bk-radio-indicator" />
              </RadioGroup.Item>
              <label htmlFor={id} data-slot="plan-switcher-plan-name">
                {option.plan.name}
              </label>
              <span id={`${id}-price`} data-slot="plan-switcher-plan-price" className="bk-muted">
                {formatMessage(
                  option.plan.perSeat ? messages.pricePerSeatPerInterval : messages.pricePerInterval,
                  {
                    price,
                    interval: intervalWord,
                  },
                )}
                {option.state === 'current' && ` · ${messages.currentPlanBadge}`}
              </span>
            </div>
          );
        })}
      </RadioGroup.Root>
      {switcher.selectedOption?.plan.perSeat && (
        <SeatInput switcher={switcher} context={context} disabled={busy} quantity={choice.quantity} />
      )}
    </div>
  );
}

function SeatInput({
  switcher,
  context,
  quantity,
  disabled,
}: {
  switcher: UsePlanSwitcherResult;
  context: BillingContextValue;
  quantity: number;
  disabled: boolean;
}) {
  const inputId = useId();
  // A draft lets the customer clear the field while typing; the choice only ever holds a valid seat count.
  const [draft, setDraft] = useState(String(quantity));
  useEffect(() => setDraft(String(quantity)), [quantity]);
  return (
    <div data-slot="plan-switcher-seats" className="bk-field">
      <label htmlFor={inputId}>{context.messages.planSwitcherSeatsLabel}</label>
      <input
        id={inputId}
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_QUANTITY}
        step={1}
        className="bk-input"
        value={draft}
        disabled={disabled}
        onChange={(event) => {
          setDraft(event.target.value);
          const seats = Number.parseInt(event.target.value, 10);
          if (seats >= 1) switcher.setQuantity(seats);
        }}
        onBlur={() => setDraft(String(quantity))}
      />
    </div>
  );
}

/** The preview of the chosen change: loading, an error with a retry, or the {@link ProrationPreview}. */
export function PlanSwitcherPreview({
  switcher,
  headingLevel = 3,
  labelledBy,
}: {
  switcher: UsePlanSwitcherResult;
  headingLevel?: HeadingLevel;
} & LandmarkNameProps) {
  const { messages } = useBillingContext('PlanSwitcherPreview');
  const preview = switcher.preview;
  return (
    <div
      data-slot="plan-switcher-preview"
      data-state={preview.status}
      aria-busy={preview.status === 'loading'}
    >
      {preview.status === 'loading' && (
        <p className="bk-muted" data-slot="plan-switcher-preview-loading">
          {messages.previewLoading}
        </p>
      )}
      {preview.status === 'error' && (
        <div role="alert" className="bk-error" data-slot="plan-switcher-preview-error">
          <p>{preview.message}</p>
          <button type="button" className="bk-button" data-variant="secondary" onClick={preview.retry}>
            {messages.retry}
          </button>
        </div>
      )}
      {preview.status === 'ready' && (
        <ProrationPreview preview={preview.preview} headingLevel={headingLevel} labelledBy={labelledBy} />
      )}
    </div>
  );
}

/** The button that opens the confirmation dialog (Radix AlertDialog), and the dialog that makes the change. */
export function PlanSwitcherConfirm({ switcher }: { switcher: UsePlanSwitcherResult }) {
  const { messages, formatMoney, formatDate } = useBillingContext('PlanSwitcherConfirm');
  const [open, setOpen] = useState(false);
  const busy = switcher.changeState === 'processing' || switcher.changeState === 'authenticating';
  if (!switcher.isChanged) return null;
  const preview = switcher.preview.status === 'ready' ? switcher.preview.preview : null;
  const plan = preview?.target.planName ?? switcher.selectedOption?.plan.name ?? '';
  const amount = preview ? formatMoney(preview.amountDueNow, preview.currency) : '';
  const date = preview ? formatDate(preview.effectiveAt) : '';
  const now = preview?.appliesAt === 'now';
  const label = !preview
    ? formatMessage(messages.planSwitcherSwitchTo, { plan })
    : now
      ? formatMessage(
          preview.amountDueNow > 0 ? messages.planSwitcherPayAndSwitch : messages.planSwitcherSwitchTo,
          {
            amount,
            plan,
          },
        )
      : formatMessage(messages.planSwitcherChangeOn, { plan, date });

  return (
    <AlertDialog.Root open={open} onOpenChange={setOpen}>
      <AlertDialog.Trigger asChild>
        <button
          type="button"
          className="bk-button"
          data-variant="primary"
          data-slot="plan-switcher-confirm"
          data-state={switcher.changeState}
          disabled={!preview || busy}
        >
          {busy ? messages.planSwitcherProcessing : label}
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="bk-dialog-overlay" data-slot="plan-switcher-dialog-overlay" />
        <AlertDialog.Content className="bk-root bk-dialog" data-slot="plan-switcher-dialog">
          <AlertDialog.Title className="bk-dialog-title">
            {formatMessage(messages.planSwitcherDialogTitle, { plan })}
          </AlertDialog.Title>
          <AlertDialog.Description className="bk-dialog-description">
            {now
              ? formatMessage(messages.planSwitcherDialogNow, { plan, amount })
              : formatMessage(messages.planSwitcherDialogPeriodEnd, {
                  plan,
                  date,
                  current: switcher.subscription?.planName ?? '',
                })}
          </AlertDialog.Description>
          <div className="bk-dialog-actions">
            <AlertDialog.Cancel className="bk-button" data-variant="secondary">
              {messages.dialogCancel}
            </AlertDialog.Cancel>
            <AlertDialog.Action
              className="bk-button"
              data-variant="primary"
              data-slot="plan-switcher-dialog-confirm"
              onClick={() => void switcher.confirm()}
            >
              {label}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/** The progress or outcome sentence of a plan switcher, for its live region. */
export function planSwitcherStatusMessage(
  switcher: Pick<
    UsePlanSwitcherResult,
    'changeState' | 'changeOutcome' | 'cancelScheduledState' | 'subscription' | 'previewRefreshed'
  >,
  messages: BillingContextValue['messages'],
  formatDate: BillingContextValue['formatDate'],
): string {
  switch (switcher.changeState) {
    case 'processing':
      return messages.planSwitcherProcessing;
    case 'authenticating':
      return messages.planSwitcherAuthenticating;
    case 'succeeded': {
      const outcome = switcher.changeOutcome;
      if (!outcome) return '';
      const scheduled = outcome.subscription.scheduledChange;
      return outcome.outcome === 'applied' || !scheduled
        ? formatMessage(messages.planSwitcherApplied, { plan: outcome.subscription.planName })
        : formatMessage(messages.planSwitcherScheduled, {
            plan: scheduled.planName,
            date: formatDate(scheduled.effectiveAt),
          });
    }
    default:
      if (switcher.previewRefreshed) return messages.previewRefreshed;
      if (switcher.cancelScheduledState === 'succeeded') {
        return formatMessage(messages.scheduledChangeCanceled, {
          plan: switcher.subscription?.planName ?? '',
        });
      }
      return '';
  }
}
