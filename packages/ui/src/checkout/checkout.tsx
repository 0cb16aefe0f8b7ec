import type { SubscriptionSummary } from '@billing-kit/core';
import { Elements, PaymentElement } from '@stripe/react-stripe-js';
import type { Appearance, StripeElementsOptionsMode } from '@stripe/stripe-js';
import {
  type ComponentProps,
  type RefObject,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { formatMessage } from '../i18n/messages.js';
import type { BillingContextValue } from '../provider/billing-context.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { resolveStripeAppearance } from './stripe-appearance.js';
import { checkoutStatusMessage, type UseCheckoutOptions, useCheckout } from './use-checkout.js';
import { type CheckoutSummary, useCheckoutSummary } from './use-checkout-summary.js';

/** Props of {@link Checkout}. */
export interface CheckoutProps
  extends Omit<UseCheckoutOptions, 'quantity'>,
    Omit<ComponentProps<'section'>, 'onSubmit'> {
  /** The catalog price to subscribe to. */
  priceId: string;
  /** Seats for per-seat plans. Defaults to 1. */
  quantity?: number;
  /** Called once the subscription is active. */
  onSuccess?: (subscription: SubscriptionSummary) => void;
  /** Overrides the Payment Element's appearance (by default resolved from the `--bk-*` tokens). */
  appearance?: Appearance;
  /** Level of the order summary's heading, to fit the host page's outline. Default 2. */
  headingLevel?: HeadingLevel;
}

/**
 * Subscribes the signed-in customer to a price: an order summary, Stripe's Payment Element (deferred: nothing is
 * created on Stripe until the customer submits) and one submit button. Loads Stripe.js through the provider when it
 * mounts.
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
  appearance,
  headingLevel = 2,
  className,
  ...sectionProps
}: CheckoutProps) {
  const context = useBillingContext('Checkout');
  const { messages } = context;
  // Mounting a checkout is what starts loading Stripe.js; it loads while the catalog is fetched.
  const { loadStripe } = context;
  const stripePromise = useMemo(() => loadStripe(), [loadStripe]);
  const stripeFailed = useStripeLoadFailure(stripePromise);
  const summary = useCheckoutSummary({ priceId, quantity });
  const rootRef = useRef<HTMLElement>(null);
  const resolvedAppearance = useResolvedAppearance(rootRef, appearance);

  const elementsOptions = useMemo<StripeElementsOptionsMode | null>(
    () =>
      summary.status === 'ready'
        ? {
            mode: 'subscription',
            amount: summary.amountDueToday,
            currency: summary.currency,
            ...(resolvedAppearance ? { appearance: resolvedAppearance } : {}),
          }
        : null,
    [summary, resolvedAppearance],
  );

  return (
    <section
      ref={rootRef}
      data-slot="checkout"
      data-state={summary.status === 'ready' ? undefined : summary.status}
      aria-busy={summary.status === 'loading' || undefined}
      className={joinClassNames('bk-root bk-checkout', className)}
      {...sectionProps}
    >
      {summary.status === 'loading' && (
        <p role="status" className="bk-muted">
          {messages.loadingCheckout}
        </p>
      )}
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
      {summary.status === 'ready' && elementsOptions && (
        <>
          <CheckoutOrderSummary summary={summary} headingLevel={headingLevel} />
          {stripeFailed ? (
            <p role="alert" data-slot="checkout-error" className="bk-error">
              {messages.paymentUnavailable}
            </p>
          ) : (
            <Elements stripe={stripePromise} options={elementsOptions}>
              <CheckoutForm
                priceId={priceId}
                quantity={summary.quantity}
                amountLabel={context.formatMoney(summary.amountDueToday, summary.currency)}
                onSuccess={onSuccess}
                returnUrl={returnUrl}
                pollIntervalMs={pollIntervalMs}
                activationTimeoutMs={activationTimeoutMs}
              />
            </Elements>
          )}
        </>
      )}
    </section>
  );
}

/** The order summary: plan, interval, seats and total due today. */
export function CheckoutOrderSummary({
  summary,
  headingLevel = 2,
}: {
  summary: Extract<CheckoutSummary, { status: 'ready' }>;
  /** Level of the summary's heading. Default 2. */
  headingLevel?: HeadingLevel;
}) {
  const { messages, formatMoney } = useBillingContext('CheckoutOrderSummary');
  const headingId = useId();
  return (
    <section data-slot="checkout-summary" className="bk-card bk-checkout-summary" aria-labelledby={headingId}>
      <Heading level={headingLevel} id={headingId}>
        {messages.orderSummary}
      </Heading>
      <dl>
        <div>
          <dt>{messages.summaryPlan}</dt>
          <dd data-slot="checkout-summary-plan">{summary.plan.name}</dd>
        </div>
        <div>
          <dt>{messages.summaryBilling}</dt>
          <dd data-slot="checkout-summary-interval">
            {summary.price.interval === 'year'
              ? messages.summaryBillingYearly
              : messages.summaryBillingMonthly}
          </dd>
        </div>
        {summary.plan.perSeat && (
          <div>
            <dt>{messages.summarySeats}</dt>
            <dd data-slot="checkout-summary-seats">{summary.quantity}</dd>
          </div>
        )}
        <div data-slot="checkout-summary-total">
          <dt>{messages.summaryTotalToday}</dt>
          <dd>{formatMoney(summary.amountDueToday, summary.currency)}</dd>
        </div>
      </dl>
    </section>
  );
}

interface CheckoutFormProps extends UseCheckoutOptions {
  amountLabel: string;
}

/** The Payment Element, the submit button and the live region. Must be inside Stripe's `<Elements>`. */
export function CheckoutForm({ amountLabel, ...options }: CheckoutFormProps) {
  const { messages } = useBillingContext('CheckoutForm');
  const checkout = useCheckout(options);
  const processing = checkout.state === 'processing';
  const errorId = useId();
  const statusMessage = checkoutStatusMessage(checkout, messages);

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
              className="bk-button"
              data-variant="primary"
              disabled={processing || !checkout.isReady}
              aria-disabled={processing || !checkout.isReady}
            >
              {processing
                ? messages.processing
                : formatMessage(messages.subscribeAmount, { amount: amountLabel })}
            </button>
          )}
        </form>
      )}
      <div data-slot="checkout-status" role="status" aria-live="polite" className="bk-checkout-status">
        {statusMessage}
      </div>
    </div>
  );
}

/** Resolves the `--bk-*` tokens once the root is in the document; an explicit appearance wins. */
function useResolvedAppearance(
  rootRef: RefObject<HTMLElement | null>,
  explicit: Appearance | undefined,
): Appearance | undefined {
  const [resolved, setResolved] = useState<Appearance | undefined>(undefined);
  useLayoutEffect(() => {
    if (explicit || !rootRef.current) return;
    setResolved(resolveStripeAppearance(rootRef.current));
  }, [explicit, rootRef]);
  return explicit ?? resolved;
}

/** True when the Stripe.js promise rejected or resolved to null (blocked script, wrong key). */
function useStripeLoadFailure(stripePromise: ReturnType<BillingContextValue['loadStripe']>): boolean {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
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
