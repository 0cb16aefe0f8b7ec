import type { AppliedDiscount, SubscriptionSummary } from '@billing-kit/core';
import { Elements, PaymentElement } from '@stripe/react-stripe-js';
import type { Appearance, StripeElementsOptionsMode } from '@stripe/stripe-js';
import { useQuery } from '@tanstack/react-query';
import { type ComponentProps, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type BillingMessages, formatMessage } from '../i18n/messages.js';
import type { BillingContextValue } from '../provider/billing-context.js';
import { catalogQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { type LandmarkNameProps, landmarkLabelledBy } from '../shared/landmark-name.js';
import { CheckoutFreeForm } from './checkout-free-form.js';
import { useResolvedAppearance } from './stripe-appearance.js';
import {
  type CheckoutState,
  checkoutStatusMessage,
  type UseCheckoutOptions,
  useCheckout,
} from './use-checkout.js';
import {
  type CheckoutPromotionCode,
  type CheckoutSummary,
  useCheckoutSummary,
} from './use-checkout-summary.js';

/** Props of {@link Checkout}. */
export interface CheckoutProps
  extends Omit<UseCheckoutOptions, 'quantity' | 'promotionCode' | 'onStateChange'>,
    Omit<ComponentProps<'section'>, 'onSubmit'>,
    LandmarkNameProps {
  /** The catalog price to subscribe to. */
  priceId: string;
  /** Seats for per-seat plans. Defaults to 1. */
  quantity?: number;
  /** Called once the subscription is active (or trialing). */
  onSuccess?: (subscription: SubscriptionSummary) => void;
  /** A promotion code to apply on mount (e.g. from a campaign link). */
  defaultPromotionCode?: string;
  /** Hides the promotion code entry. */
  hidePromotionCode?: boolean;
  /**
   * Replaces the Payment Element's appearance. By default it is resolved from the `--bk-*` tokens (plus the
   * provider's `appearance`) and follows theme changes live.
   */
  appearance?: Appearance;
  /** Level of the order summary's heading, to fit the host page's outline. Default 2. */
  headingLevel?: HeadingLevel;
}

/**
 * Subscribes the signed-in customer to a price: an order summary priced by the server (discount, tax, total due
 * today, trial end, next charge), promotion code entry, Stripe's Payment Element (deferred: nothing is created on
 * Stripe until the customer submits) and one submit button that cannot charge twice. Loads Stripe.js through the
 * provider when it mounts, once the catalog shows a paid price. An order with nothing due now or at renewal (a $0
 * plan) asks for no card and never loads Stripe.js: one "Start <plan>" button.
 *
 * ```tsx
 * <Checkout priceId={priceId} quantity={seats} onSuccess={() => navigate('/account')} />
 * ```
 */
export function Checkout({
  priceId,
  quantity,
  onSuccess,
  returnUrl,
  pollIntervalMs,
  activationTimeoutMs,
  defaultPromotionCode,
  hidePromotionCode = false,
  appearance,
  headingLevel = 2,
  labelledBy,
  className,
  ...sectionProps
}: CheckoutProps) {
  const context = useBillingContext('Checkout');
  const { messages, loadStripe } = context;
  const summary = useCheckoutSummary({
    priceId,
    quantity,
    ...(defaultPromotionCode ? { defaultPromotionCode } : {}),
  });
  const ready = summary.status === 'ready' ? summary : null;
  // Nothing due now nor at renewal (a $0 plan, a 100%-forever code): no card is asked for.
  const noCardNeeded = ready !== null && ready.amountDueToday === 0 && ready.preview.renewal.amount === 0;
  // Stripe.js starts loading as soon as the catalog (usually cached by the pricing page) shows a paid price, while
  // the preview is fetched; a $0 price never loads it.
  const catalog = useQuery(catalogQueryOptions(context.client));
  const catalogPrice = catalog.data?.plans
    .flatMap((plan) => plan.prices)
    .find((price) => price.id === priceId);
  const freePrice = catalogPrice?.billingScheme === 'per_unit' && catalogPrice.unitAmount === 0;
  const mayNeedCard = (catalogPrice !== undefined && !freePrice) || (ready !== null && !noCardNeeded);
  const stripePromise = useMemo(() => (mayNeedCard ? loadStripe() : null), [mayNeedCard, loadStripe]);
  const stripeFailed = useStripeLoadFailure(stripePromise);
  const rootRef = useRef<HTMLElement>(null);
  const resolvedAppearance = useResolvedAppearance(rootRef, appearance, context.appearance);
  const [checkoutState, setCheckoutState] = useState<CheckoutState>('idle');

  const amount = ready?.amountDueToday;
  const currency = ready?.currency;
  const elementsOptions = useMemo<StripeElementsOptionsMode | null>(() => {
    if (amount === undefined || currency === undefined) return null;
    const shared = { currency, ...(resolvedAppearance ? { appearance: resolvedAppearance } : {}) };
    // Nothing due today (a trial, a 100% code): the card is only set up for later.
    return amount > 0 ? { mode: 'subscription', amount, ...shared } : { mode: 'setup', ...shared };
  }, [amount, currency, resolvedAppearance]);

  return (
    <section
      ref={rootRef}
      data-slot="checkout"
      data-state={summary.status === 'ready' ? checkoutState : summary.status}
      aria-busy={summary.status === 'loading' || undefined}
      className={joinClassNames('bk-root bk-checkout', className)}
      {...sectionProps}
    >
      {summary.status === 'loading' && <CheckoutSkeleton label={messages.loadingCheckout} />}
      {summary.status === 'error' && (
        <div role="alert" data-slot="checkout-error" className="bk-error">
          <p>{messages.checkoutLoadFailed}</p>
          <button type="button" className="bk-button" data-variant="secondary" onClick={summary.retry}>
            {messages.retry}
          </button>
        </div>
      )}
      {summary.status === 'not_found' && (
        <p role="alert" data-slot="checkout-error" className="bk-error">
          {messages.priceNotFound}
        </p>
      )}
      {ready && elementsOptions && (
        <>
          <CheckoutOrderSummary summary={ready} headingLevel={headingLevel} labelledBy={labelledBy}>
            {!hidePromotionCode && (
              <CheckoutPromotionCodeField
                promotionCode={summary.promotionCode}
                discount={ready.preview.discount}
                amountDueToday={context.formatMoney(ready.amountDueToday, ready.currency)}
                currency={ready.currency}
                disabled={checkoutState === 'processing' || checkoutState === 'succeeded'}
              />
            )}
          </CheckoutOrderSummary>
          {noCardNeeded ? (
            <CheckoutFreeForm
              priceId={priceId}
              quantity={ready.quantity}
              promotionCode={summary.promotionCode.applied}
              planName={ready.plan.name}
              disabled={ready.isUpdating}
              onSuccess={onSuccess}
              onStateChange={setCheckoutState}
              pollIntervalMs={pollIntervalMs}
              activationTimeoutMs={activationTimeoutMs}
            />
          ) : stripeFailed ? (
            <p role="alert" data-slot="checkout-error" className="bk-error">
              {messages.paymentUnavailable}
            </p>
          ) : (
            stripePromise && (
              <Elements stripe={stripePromise} options={elementsOptions}>
                <CheckoutForm
                  priceId={priceId}
                  quantity={ready.quantity}
                  promotionCode={summary.promotionCode.applied}
                  submitLabel={
                    ready.amountDueToday === 0 && ready.preview.trialEnd !== null
                      ? messages.startTrial
                      : formatMessage(messages.subscribeAmount, {
                          amount: context.formatMoney(ready.amountDueToday, ready.currency),
                        })
                  }
                  disabled={ready.isUpdating}
                  onSuccess={onSuccess}
                  onStateChange={setCheckoutState}
                  returnUrl={returnUrl}
                  pollIntervalMs={pollIntervalMs}
                  activationTimeoutMs={activationTimeoutMs}
                />
              </Elements>
            )
          )}
        </>
      )}
    </section>
  );
}

/** Placeholder blocks while the plan and its preview load; announced once through a status region. */
export function CheckoutSkeleton({ label }: { label: string }) {
  return (
    <div data-slot="checkout-skeleton" className="bk-checkout-skeleton">
      <span role="status" className="bk-visually-hidden">
        {label}
      </span>
      <div aria-hidden="true" className="bk-skeleton" data-slot="checkout-skeleton-summary" />
      <div aria-hidden="true" className="bk-skeleton" data-slot="checkout-skeleton-payment" />
    </div>
  );
}

/** Props of {@link CheckoutOrderSummary}. */
export interface CheckoutOrderSummaryProps extends ComponentProps<'section'>, LandmarkNameProps {
  summary: Extract<CheckoutSummary, { status: 'ready' }>;
  /** Level of the summary's heading. Default 2. */
  headingLevel?: HeadingLevel;
}

/**
 * The order summary from the server's preview: plan, interval, seats, subtotal, discount, tax, total due today, the
 * trial's end and the next charge. `children` go below the totals (the promotion code field in `<Checkout>`).
 */
export function CheckoutOrderSummary({
  summary,
  headingLevel = 2,
  labelledBy,
  className,
  children,
  ...props
}: CheckoutOrderSummaryProps) {
  const { messages, formatMoney, formatDate } = useBillingContext('CheckoutOrderSummary');
  const headingId = useId();
  const { preview, currency } = summary;
  const money = (amount: number) => formatMoney(amount, currency);
  const showSubtotal = preview.discountAmount > 0 || preview.tax > 0;
  return (
    <section
      data-slot="checkout-summary"
      data-state={summary.isUpdating ? 'updating' : 'ready'}
      aria-busy={summary.isUpdating || undefined}
      className={joinClassNames('bk-card bk-checkout-summary', className)}
      aria-labelledby={landmarkLabelledBy(headingId, labelledBy)}
      {...props}
    >
      <Heading level={headingLevel} id={headingId}>
        {messages.orderSummary}
      </Heading>
      <dl>
        <div data-slot="checkout-summary-plan">
          <dt>{messages.summaryPlan}</dt>
          <dd>{summary.plan.name}</dd>
        </div>
        <div data-slot="checkout-summary-interval">
          <dt>{messages.summaryBilling}</dt>
          <dd>
            {summary.price.interval === 'year'
              ? messages.summaryBillingYearly
              : messages.summaryBillingMonthly}
          </dd>
        </div>
        {summary.plan.perSeat && (
          <div data-slot="checkout-summary-seats">
            <dt>{messages.summarySeats}</dt>
            <dd>{summary.quantity}</dd>
          </div>
        )}
        {showSubtotal && (
          <div data-slot="checkout-summary-subtotal">
            <dt>{messages.summarySubtotal}</dt>
            <dd>{money(preview.subtotal)}</dd>
          </div>
        )}
        {preview.discount && preview.discountAmount > 0 && (
          <div data-slot="checkout-summary-discount">
            <dt>{formatMessage(messages.summaryDiscount, { code: preview.discount.promotionCode })}</dt>
            <dd>−{money(preview.discountAmount)}</dd>
          </div>
        )}
        {preview.tax > 0 && (
          <div data-slot="checkout-summary-tax">
            <dt>{messages.summaryTax}</dt>
            <dd>{money(preview.tax)}</dd>
          </div>
        )}
        {preview.trialEnd !== null && (
          <div data-slot="checkout-summary-trial">
            <dt>{messages.summaryTrial}</dt>
            <dd>{formatMessage(messages.summaryTrialUntil, { date: formatDate(preview.trialEnd) })}</dd>
          </div>
        )}
        <div data-slot="checkout-summary-total">
          <dt>{messages.summaryTotalToday}</dt>
          <dd>{money(preview.totalDueToday)}</dd>
        </div>
        <div data-slot="checkout-summary-next-charge">
          <dt>{messages.summaryNextCharge}</dt>
          <dd>
            {formatMessage(messages.summaryNextChargeValue, {
              amount: money(preview.renewal.amount),
              date: formatDate(preview.renewal.date),
            })}
          </dd>
        </div>
      </dl>
      {preview.trialEnd !== null && preview.totalDueToday === 0 && (
        <p data-slot="checkout-summary-trial-notice" className="bk-muted">
          {formatMessage(messages.checkoutTrialNotice, { date: formatDate(preview.trialEnd) })}
        </p>
      )}
      {children}
    </section>
  );
}

/** Props of {@link CheckoutPromotionCodeField}. */
export interface CheckoutPromotionCodeFieldProps {
  promotionCode: CheckoutPromotionCode;
  /** The discount of the current preview, described next to the applied code. */
  discount: AppliedDiscount | null;
  /** Total due today, formatted, for the announcement after applying or removing a code. */
  amountDueToday: string;
  /** Currency of an amount-off discount. */
  currency: string;
  disabled?: boolean;
}

/**
 * Promotion code entry: a labelled field and an Apply button; a refused code is an inline error tied to the field;
 * an applied code is shown with what it takes off and a Remove button. Outcomes are announced politely.
 */
export function CheckoutPromotionCodeField({
  promotionCode,
  discount,
  amountDueToday,
  currency,
  disabled = false,
}: CheckoutPromotionCodeFieldProps) {
  const { messages, formatMoney } = useBillingContext('CheckoutPromotionCodeField');
  const inputId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const applying = promotionCode.status === 'applying';
  const lastAction = useRef<'applied' | 'removed' | null>(null);

  // Announce once the new total is known, so the sentence carries it.
  useEffect(() => {
    if (lastAction.current === 'applied' && promotionCode.applied) {
      setAnnouncement(
        formatMessage(messages.promotionCodeAppliedAnnouncement, {
          code: promotionCode.applied,
          amount: amountDueToday,
        }),
      );
    } else if (lastAction.current === 'removed' && !promotionCode.applied) {
      setAnnouncement(formatMessage(messages.promotionCodeRemovedAnnouncement, { amount: amountDueToday }));
    }
  }, [promotionCode.applied, amountDueToday, messages]);

  return (
    <div
      data-slot="checkout-promotion-code"
      data-state={promotionCode.applied ? 'applied' : promotionCode.status}
    >
      {promotionCode.applied ? (
        <p data-slot="checkout-promotion-code-applied" className="bk-checkout-promotion-applied">
          <span>
            {formatMessage(messages.promotionCodeApplied, {
              code: promotionCode.applied,
              discount: discount ? describeDiscount(discount, messages, formatMoney, currency) : '',
            })}
          </span>
          <button
            type="button"
            className="bk-button"
            data-variant="secondary"
            data-slot="checkout-promotion-code-remove"
            aria-label={formatMessage(messages.removePromotionCodeLabel, { code: promotionCode.applied })}
            disabled={disabled}
            onClick={() => {
              lastAction.current = 'removed';
              promotionCode.remove();
              // The button disappears: keep focus in the field the customer may want to use again.
              requestAnimationFrame(() => inputRef.current?.focus());
            }}
          >
            {messages.removePromotionCode}
          </button>
        </p>
      ) : (
        <form
          className="bk-checkout-promotion-form"
          onSubmit={(event) => {
            event.preventDefault();
            lastAction.current = 'applied';
            void promotionCode.apply(draft).then((applied) => {
              if (applied) setDraft('');
            });
          }}
        >
          <div className="bk-field">
            <label htmlFor={inputId}>{messages.promotionCodeLabel}</label>
            <div className="bk-checkout-promotion-row">
              <input
                ref={inputRef}
                id={inputId}
                name="promotionCode"
                className="bk-input"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={draft}
                disabled={disabled}
                aria-invalid={promotionCode.status === 'invalid' || undefined}
                aria-describedby={promotionCode.error ? errorId : undefined}
                onChange={(event) => {
                  setDraft(event.target.value);
                  if (promotionCode.error) promotionCode.clearError();
                }}
              />
              <button
                type="submit"
                className="bk-button"
                data-variant="secondary"
                data-slot="checkout-promotion-code-apply"
                disabled={disabled || applying || draft.trim() === ''}
              >
                {applying ? messages.applyingPromotionCode : messages.applyPromotionCode}
              </button>
            </div>
          </div>
          {promotionCode.error && (
            <p id={errorId} role="alert" data-slot="checkout-promotion-code-error" className="bk-error">
              {promotionCode.error}
            </p>
          )}
        </form>
      )}
      <div role="status" aria-live="polite" className="bk-visually-hidden">
        {announcement}
      </div>
    </div>
  );
}

/** "25% off the first payment", "€5.00 off for 3 months". */
function describeDiscount(
  discount: AppliedDiscount,
  messages: BillingMessages,
  formatMoney: BillingContextValue['formatMoney'],
  currency: string,
): string {
  const amount =
    discount.percentOff !== null
      ? formatMessage(messages.discountPercentOff, { percent: discount.percentOff })
      : formatMessage(messages.discountAmountOff, { amount: formatMoney(discount.amountOff ?? 0, currency) });
  switch (discount.duration) {
    case 'once':
      return formatMessage(messages.discountOnce, { discount: amount });
    case 'forever':
      return formatMessage(messages.discountForever, { discount: amount });
    case 'repeating':
      return formatMessage(messages.discountRepeating, {
        discount: amount,
        months: discount.durationInMonths ?? 1,
      });
  }
}

/** Props of {@link CheckoutForm}. */
export interface CheckoutFormProps extends UseCheckoutOptions {
  /** The submit button's text ("Subscribe for $20.00", "Start free trial"). */
  submitLabel: string;
  /** Disables the submit button (e.g. while the total is being updated). */
  disabled?: boolean;
}

/**
 * The Payment Element, the submit button, inline errors, the live region and the success state. Must be inside
 * Stripe's `<Elements>`.
 */
export function CheckoutForm({ submitLabel, disabled = false, ...options }: CheckoutFormProps) {
  const { messages, formatMoney, formatDate } = useBillingContext('CheckoutForm');
  const checkout = useCheckout(options);
  const processing = checkout.state === 'processing';
  const errorId = useId();
  const statusMessage = checkoutStatusMessage(checkout, messages);
  const subscription = checkout.subscription;

  return (
    <div data-slot="checkout-payment" data-state={checkout.state} className="bk-checkout-payment">
      {checkout.state !== 'succeeded' && (
        <form
          data-slot="checkout-form"
          className="bk-checkout-form"
          aria-describedby={checkout.error ? errorId : undefined}
          onSubmit={(event) => {
            event.preventDefault();
            void checkout.submit();
          }}
        >
          <fieldset disabled={processing || !checkout.canRetry} className="bk-fieldset">
            <legend>{messages.paymentDetails}</legend>
            <PaymentElement />
          </fieldset>
          {checkout.error && (
            <p id={errorId} role="alert" data-slot="checkout-error" className="bk-error">
              {checkout.error}
            </p>
          )}
          {checkout.canRetry && (
            <button
              type="submit"
              data-slot="checkout-submit"
              data-state={checkout.state}
              className="bk-button"
              data-variant="primary"
              disabled={processing || disabled || !checkout.isReady}
            >
              {processing ? messages.processing : submitLabel}
            </button>
          )}
        </form>
      )}
      <div data-slot="checkout-status" role="status" aria-live="polite" className="bk-checkout-status">
        {statusMessage}
      </div>
      {subscription && (
        <div data-slot="checkout-success" className="bk-card bk-checkout-success">
          <p data-slot="checkout-success-plan">{subscription.planName}</p>
          {subscription.status === 'trialing' && subscription.trialEnd !== null ? (
            <p className="bk-muted">
              {formatMessage(messages.subscribedTrial, { date: formatDate(subscription.trialEnd) })}
            </p>
          ) : (
            subscription.nextInvoice && (
              <p className="bk-muted">
                {formatMessage(messages.subscribedNextCharge, {
                  amount: formatMoney(subscription.nextInvoice.amount, subscription.currency),
                  date: formatDate(subscription.nextInvoice.date),
                })}
              </p>
            )
          )}
        </div>
      )}
    </div>
  );
}

/** True when the Stripe.js promise rejected or resolved to null (blocked script, wrong key). */
function useStripeLoadFailure(stripePromise: ReturnType<BillingContextValue['loadStripe']> | null): boolean {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!stripePromise) return;
    let current = true;
    stripePromise.then(
      (stripe) => {
        if (current && !stripe) setFailed(true);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [stripePromise]);
  return failed;
}
