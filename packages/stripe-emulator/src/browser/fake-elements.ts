import type {
  Appearance,
  StripeElements,
  StripeElementsOptionsClientSecret,
  StripeElementsOptionsMode,
  StripeElementsUpdateOptions,
  StripeError,
  StripePaymentElementOptions,
} from '@stripe/stripe-js';
import { type ResolvedAppearance, resolveAppearance } from './appearance.js';
import { FakePaymentElement } from './payment-element.js';

/** Options `stripe.elements()` takes: with a `clientSecret`, or deferred with `mode`/`amount`/`currency`. */
export type FakeElementsOptions = StripeElementsOptionsClientSecret | StripeElementsOptionsMode;

/**
 * The fake `elements` group: creates the Payment Element, validates it on `submit()` and remembers the options
 * (client secret or deferred mode) that `confirmPayment` needs.
 */
export class FakeElementsGroup {
  private paymentElement: FakePaymentElement | null = null;
  private appearance: Appearance | undefined;
  private readonly updateEndHandlers = new Set<() => void>();
  /** Set by `submit()`, reset by any change: Stripe requires a fresh submit before a deferred confirmation. */
  submitted = false;
  readonly clientSecret: string | undefined;
  readonly mode: string | undefined;

  constructor(options: FakeElementsOptions | undefined) {
    this.clientSecret = options && 'clientSecret' in options ? options.clientSecret : undefined;
    this.mode = options && 'mode' in options ? options.mode : undefined;
    this.appearance = options?.appearance;
  }

  /** Only `'payment'` exists in the fake for now. */
  create(elementType: string, options?: StripePaymentElementOptions): FakePaymentElement {
    if (elementType !== 'payment') {
      throw new Error(
        `The fake Stripe.js only implements the 'payment' element, not '${elementType}'. Use <PaymentElement>.`,
      );
    }
    if (this.paymentElement) {
      throw new Error('Can only create one Element of type payment: destroy the existing one first.');
    }
    const element = new FakePaymentElement(options, this.appearance, () => {
      if (this.paymentElement === element) this.paymentElement = null;
    });
    element.on('change', () => {
      this.submitted = false;
    });
    this.paymentElement = element;
    return element;
  }

  /** The current appearance as concrete styles (the 3D Secure dialog uses it too). */
  resolvedAppearance(): ResolvedAppearance {
    return resolveAppearance(this.appearance);
  }

  getElement(elementType: string): FakePaymentElement | null {
    return elementType === 'payment' ? this.paymentElement : null;
  }

  /** Applies `appearance` (and accepts the other updatable options, which change nothing in the fake). */
  async update(options: StripeElementsUpdateOptions): Promise<void> {
    if (options.appearance) {
      this.appearance = options.appearance;
      this.paymentElement?.setAppearance(options.appearance);
    }
    for (const handler of this.updateEndHandlers) handler();
  }

  on(eventType: 'update-end', handler: () => void): void {
    if (eventType === 'update-end') this.updateEndHandlers.add(handler);
  }

  async fetchUpdates(): Promise<{ error?: { message: string } }> {
    return {};
  }

  /** Validates the Payment Element: `{ error }` (a `validation_error` naming the field) or the chosen method. */
  async submit(): Promise<{ error: StripeError } | { selectedPaymentMethod: string }> {
    if (!this.paymentElement) {
      return {
        error: {
          type: 'validation_error',
          message: 'Mount a <PaymentElement> before calling elements.submit().',
        },
      };
    }
    const error = this.paymentElement.validate();
    if (error) return { error };
    this.submitted = true;
    return { selectedPaymentMethod: 'card' };
  }

  /** This group as Stripe.js's type, for `<Elements>` and hooks. */
  asStripeElements(): StripeElements {
    return this as unknown as StripeElements;
  }
}
