import type { PaymentMethodSummary } from '@billing-kit/core';
import { Elements, PaymentElement } from '@stripe/react-stripe-js';
import type { Appearance, StripeElementsOptionsMode } from '@stripe/stripe-js';
import { AlertDialog } from 'radix-ui';
import { type ComponentProps, useId, useMemo, useRef, useState } from 'react';
import { useResolvedAppearance } from '../checkout/stripe-appearance.js';
import { formatMessage } from '../i18n/messages.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { type LandmarkNameProps, landmarkLabelledBy } from '../shared/landmark-name.js';
import { LoadError } from '../shared/load-error.js';
import { LoadingPlaceholder } from '../shared/loading-placeholder.js';
import { useAddPaymentMethod } from './use-add-payment-method.js';
import {
  type PaymentMethodModel,
  paymentMethodsOutcomeMessage,
  type UsePaymentMethodsResult,
  usePaymentMethods,
} from './use-payment-methods.js';

/** Props of {@link PaymentMethodUpdater}. */
export interface PaymentMethodUpdaterProps extends ComponentProps<'section'>, LandmarkNameProps {
  /** Level of the section heading, to fit the host page's outline. Default 2. */
  headingLevel?: HeadingLevel;
  /** Overrides the Payment Element's appearance (by default resolved from the `--bk-*` tokens). */
  appearance?: Appearance;
  /** Where Stripe sends the customer back after a redirect-based method. Defaults to the current page. */
  returnUrl?: string;
}

/**
 * The customer's saved cards: brand, last four, expiry, default / expired / expiring-soon badges, "Make default",
 * "Remove" (confirmed in a Radix AlertDialog; hidden for the only card of a current subscription), an add-card form
 * (Payment Element, 3D Secure included; Stripe.js loads only when it opens) and, when a renewal failed, "Pay now"
 * with the default card. Outcomes are announced in a live region.
 *
 * ```tsx
 * <PaymentMethodUpdater headingLevel={2} />
 * ```
 */
export function PaymentMethodUpdater({
  headingLevel = 2,
  appearance,
  returnUrl,
  labelledBy,
  className,
  ...sectionProps
}: PaymentMethodUpdaterProps) {
  const { messages } = useBillingContext('PaymentMethodUpdater');
  const wallet = usePaymentMethods();
  const headingId = useId();

  return (
    <section
      data-slot="payment-method-updater"
      data-state={wallet.status}
      aria-labelledby={landmarkLabelledBy(headingId, labelledBy)}
      aria-busy={wallet.status === 'loading' || undefined}
      className={joinClassNames('bk-root bk-payment-method-updater', className)}
      {...sectionProps}
    >
      <Heading level={headingLevel} id={headingId}>
        {messages.paymentMethodsHeading}
      </Heading>
      <PaymentMethodUpdaterPastDue wallet={wallet} />
      {wallet.status === 'loading' && (
        <LoadingPlaceholder slot="payment-method-skeleton" label={messages.paymentMethodsLoading} />
      )}
      {wallet.status === 'error' && (
        <LoadError
          slot="payment-method-error"
          message={messages.paymentMethodsLoadFailed}
          retryLabel={messages.retry}
          onRetry={wallet.retry}
        />
      )}
      {wallet.status === 'empty' && (
        <p data-slot="payment-method-empty" className="bk-empty">
          {messages.paymentMethodsEmpty}
        </p>
      )}
      {wallet.status === 'ready' && (
        <ul data-slot="payment-method-list" className="bk-payment-method-list">
          {wallet.paymentMethods.map((model) => (
            <PaymentMethodItem key={model.card.id} model={model} wallet={wallet} />
          ))}
        </ul>
      )}
      {wallet.actionError && (
        <p role="alert" data-slot="payment-method-action-error" className="bk-error">
          {wallet.actionError}
        </p>
      )}
      {wallet.status !== 'loading' && wallet.status !== 'error' && (
        <PaymentMethodAddCard wallet={wallet} appearance={appearance} returnUrl={returnUrl} />
      )}
      <div
        data-slot="payment-method-status"
        role="status"
        aria-live="polite"
        className="bk-payment-method-status"
      >
        {paymentMethodsOutcomeMessage(wallet.outcome, messages)}
      </div>
    </section>
  );
}

/** One card: its label, expiry, badges and actions. `data-state` is `default`, `expired`, `expiring` or `valid`. */
export function PaymentMethodItem({
  model,
  wallet,
}: {
  model: PaymentMethodModel;
  wallet: UsePaymentMethodsResult;
}) {
  const { messages } = useBillingContext('PaymentMethodItem');
  const { card, label } = model;
  const busy = wallet.pending !== null;
  const state = card.isDefault
    ? 'default'
    : card.expired
      ? 'expired'
      : card.expiresSoon
        ? 'expiring'
        : 'valid';
  const labelId = useId();
  return (
    <li
      data-slot="payment-method"
      data-state={state}
      data-expired={card.expired ? '' : undefined}
      data-expires-soon={card.expiresSoon ? '' : undefined}
      className="bk-card bk-payment-method"
      aria-labelledby={labelId}
    >
      <div className="bk-payment-method-details">
        <span id={labelId} data-slot="payment-method-label" className="bk-payment-method-label">
          {label}
        </span>
        <span data-slot="payment-method-expiry" className="bk-muted">
          {formatMessage(messages.cardExpiry, {
            month: String(card.expMonth).padStart(2, '0'),
            year: card.expYear,
          })}
        </span>
        {card.isDefault && (
          <span data-slot="payment-method-badge" className="bk-badge">
            {messages.cardDefault}
          </span>
        )}
        {card.expired && (
          <span data-slot="payment-method-badge" className="bk-badge" data-variant="danger">
            {messages.cardExpired}
          </span>
        )}
        {!card.expired && card.expiresSoon && (
          <span data-slot="payment-method-badge" className="bk-badge" data-variant="warning">
            {messages.cardExpiresSoon}
          </span>
        )}
      </div>
      <div className="bk-payment-method-actions">
        {!card.isDefault && !card.expired && (
          <button
            type="button"
            className="bk-button"
            data-variant="secondary"
            data-slot="payment-method-make-default"
            aria-label={formatMessage(messages.makeDefaultCardLabel, { card: label })}
            disabled={busy}
            onClick={() => void wallet.setDefault(card.id)}
          >
            {messages.makeDefaultCard}
          </button>
        )}
        {model.canRemove && <RemovePaymentMethod model={model} wallet={wallet} disabled={busy} />}
      </div>
    </li>
  );
}

function RemovePaymentMethod({
  model,
  wallet,
  disabled,
}: {
  model: PaymentMethodModel;
  wallet: UsePaymentMethodsResult;
  disabled: boolean;
}) {
  const { messages } = useBillingContext('PaymentMethodItem');
  const card = model.label;
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button
          type="button"
          className="bk-button"
          data-variant="secondary"
          data-slot="payment-method-remove"
          aria-label={formatMessage(messages.removeCardLabel, { card })}
          disabled={disabled}
        >
          {messages.removeCard}
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="bk-dialog-overlay" />
        <AlertDialog.Content className="bk-root bk-dialog" data-slot="payment-method-remove-dialog">
          <AlertDialog.Title className="bk-dialog-title">
            {formatMessage(messages.removeCardTitle, { card })}
          </AlertDialog.Title>
          <AlertDialog.Description className="bk-dialog-description">
            {messages.removeCardDescription}
          </AlertDialog.Description>
          <div className="bk-dialog-actions">
            <AlertDialog.Cancel className="bk-button" data-variant="secondary">
              {messages.dialogCancel}
            </AlertDialog.Cancel>
            <AlertDialog.Action
              className="bk-button"
              data-variant="danger"
              onClick={() => void wallet.remove(model.card.id)}
            >
              {messages.removeCardConfirm}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/** When a renewal failed: what is owed and a button paying it now with the default card. */
export function PaymentMethodUpdaterPastDue({ wallet }: { wallet: UsePaymentMethodsResult }) {
  const { messages, formatMoney } = useBillingContext('PaymentMethodUpdaterPastDue');
  const invoice = wallet.pastDueInvoice;
  if (!invoice) return null;
  const amount = formatMoney(invoice.amountDue - invoice.amountPaid, invoice.currency);
  const card = wallet.defaultPaymentMethod;
  const busy = wallet.payState === 'processing' || wallet.payState === 'authenticating';
  return (
    <div
      data-slot="payment-method-past-due"
      data-state={wallet.payState}
      className="bk-notice"
      data-variant="danger"
    >
      <p>{formatMessage(messages.pastDueNotice, { amount })}</p>
      {card && (
        <button
          type="button"
          className="bk-button"
          data-variant="primary"
          data-slot="payment-method-pay-now"
          disabled={busy}
          onClick={() => void wallet.payPastDueInvoice()}
        >
          {busy
            ? formatMessage(messages.payingInvoice, { amount })
            : formatMessage(messages.payNowWithCard, { amount, card: card.label })}
        </button>
      )}
      {wallet.payError && (
        <p role="alert" data-slot="payment-method-pay-error" className="bk-error">
          {wallet.payError}
        </p>
      )}
    </div>
  );
}

/**
 * "Add a card" and, once pressed, the form: Stripe's Payment Element in deferred `setup` mode, "Make this my default
 * card" and "Save card". Stripe.js starts loading only when the form opens.
 */
export function PaymentMethodAddCard({
  wallet,
  appearance,
  returnUrl,
}: {
  wallet: UsePaymentMethodsResult;
  appearance?: Appearance | undefined;
  returnUrl?: string | undefined;
}) {
  const { messages } = useBillingContext('PaymentMethodAddCard');
  const [open, setOpen] = useState(false);
  const formId = useId();
  if (!open) {
    return (
      <button
        type="button"
        className="bk-button"
        data-variant="secondary"
        data-slot="payment-method-add"
        aria-expanded={false}
        aria-controls={formId}
        onClick={() => setOpen(true)}
      >
        {messages.addCard}
      </button>
    );
  }
  return (
    <div id={formId} data-slot="payment-method-add-form" className="bk-payment-method-add">
      <AddCardElements
        wallet={wallet}
        appearance={appearance}
        returnUrl={returnUrl}
        onDone={() => setOpen(false)}
      />
    </div>
  );
}

function AddCardElements({
  wallet,
  appearance,
  returnUrl,
  onDone,
}: {
  wallet: UsePaymentMethodsResult;
  appearance: Appearance | undefined;
  returnUrl: string | undefined;
  onDone: () => void;
}) {
  const context = useBillingContext('PaymentMethodAddCard');
  const { loadStripe, messages } = context;
  // Mounting the form is what loads Stripe.js: a page that only lists cards loads none of it.
  const stripePromise = useMemo(() => loadStripe(), [loadStripe]);
  const containerRef = useRef<HTMLDivElement>(null);
  // Resolved from the --bk-* tokens once the form is in the document, and again when the theme changes.
  const resolvedAppearance = useResolvedAppearance(containerRef, appearance, context.appearance);
  const currency = wallet.subscription?.currency;
  const options = useMemo<StripeElementsOptionsMode>(
    () => ({
      mode: 'setup',
      ...(currency ? { currency } : {}),
      ...(resolvedAppearance ? { appearance: resolvedAppearance } : {}),
    }),
    [currency, resolvedAppearance],
  );
  return (
    <div ref={containerRef}>
      {resolvedAppearance && (
        <Elements stripe={stripePromise} options={options}>
          <AddCardForm
            makeDefaultInitially={wallet.defaultPaymentMethod === null || wallet.pastDueInvoice !== null}
            returnUrl={returnUrl}
            onAdded={(card) => {
              wallet.reportAdded(card);
              onDone();
            }}
            onCancel={onDone}
            legend={messages.newCard}
          />
        </Elements>
      )}
    </div>
  );
}

function AddCardForm({
  makeDefaultInitially,
  returnUrl,
  onAdded,
  onCancel,
  legend,
}: {
  makeDefaultInitially: boolean;
  returnUrl: string | undefined;
  onAdded: (card: PaymentMethodSummary) => void;
  onCancel: () => void;
  legend: string;
}) {
  const { messages } = useBillingContext('PaymentMethodAddCard');
  const [makeDefault, setMakeDefault] = useState(makeDefaultInitially);
  const add = useAddPaymentMethod({ makeDefault, onAdded, ...(returnUrl ? { returnUrl } : {}) });
  const processing = add.state === 'processing';
  const checkboxId = useId();
  const errorId = useId();
  return (
    <form
      data-slot="payment-method-add-card"
      data-state={add.state}
      className="bk-checkout-form"
      aria-describedby={add.error ? errorId : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        void add.submit();
      }}
    >
      <fieldset disabled={processing} className="bk-fieldset">
        <legend>{legend}</legend>
        <PaymentElement />
        <div className="bk-checkbox">
          <input
            id={checkboxId}
            type="checkbox"
            checked={makeDefault}
            onChange={(event) => setMakeDefault(event.target.checked)}
          />
          <label htmlFor={checkboxId}>{messages.makeNewCardDefault}</label>
        </div>
      </fieldset>
      {add.error && (
        <p id={errorId} role="alert" data-slot="payment-method-add-error" className="bk-error">
          {add.error}
        </p>
      )}
      <div className="bk-dialog-actions">
        <button
          type="button"
          className="bk-button"
          data-variant="secondary"
          onClick={onCancel}
          disabled={processing}
        >
          {messages.dialogCancel}
        </button>
        <button
          type="submit"
          className="bk-button"
          data-variant="primary"
          data-slot="payment-method-save"
          disabled={processing || !add.isReady}
        >
          {processing ? messages.savingCard : messages.saveCard}
        </button>
      </div>
    </form>
  );
}
