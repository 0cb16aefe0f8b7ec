import { formatMessage } from '../i18n/messages.js';
import { useBillingContext } from '../provider/use-billing.js';
import { type UseFreeCheckoutOptions, useFreeCheckout } from './use-free-checkout.js';

/** Props of {@link CheckoutFreeForm}. */
export interface CheckoutFreeFormProps extends UseFreeCheckoutOptions {
  /** The plan's name, for the button ("Start Free") and the outcome. */
  planName: string;
  /** Disables the button (e.g. while the total is being updated). */
  disabled?: boolean;
}

/**
 * The checkout's form when nothing is due now or later (a $0 plan): one "Start <plan>" button, no card fields, no
 * Stripe.js. Same live region, error and success slots as {@link CheckoutForm}.
 */
export function CheckoutFreeForm({ planName, disabled = false, ...options }: CheckoutFreeFormProps) {
  const { messages } = useBillingContext('CheckoutFreeForm');
  const checkout = useFreeCheckout(options);
  const processing = checkout.state === 'processing';
  const statusMessage =
    checkout.state === 'succeeded' && checkout.subscription
      ? formatMessage(messages.subscribed, { plan: checkout.subscription.planName })
      : processing
        ? messages.activating
        : '';

  return (
    <div data-slot="checkout-payment" data-state={checkout.state} className="bk-checkout-payment">
      {checkout.state !== 'succeeded' && (
        <form
          data-slot="checkout-form"
          className="bk-checkout-form"
          onSubmit={(event) => {
            event.preventDefault();
            void checkout.submit();
          }}
        >
          {checkout.error && (
            <p role="alert" data-slot="checkout-error" className="bk-error">
              {checkout.error}
            </p>
          )}
          <button
            type="submit"
            data-slot="checkout-submit"
            data-state={checkout.state}
            className="bk-button"
            data-variant="primary"
            disabled={processing || disabled}
          >
            {processing ? messages.activating : formatMessage(messages.startFree, { plan: planName })}
          </button>
        </form>
      )}
      <div data-slot="checkout-status" role="status" aria-live="polite" className="bk-checkout-status">
        {statusMessage}
      </div>
      {checkout.subscription && (
        <div data-slot="checkout-success" className="bk-card bk-checkout-success">
          <p data-slot="checkout-success-plan">{checkout.subscription.planName}</p>
        </div>
      )}
    </div>
  );
}
