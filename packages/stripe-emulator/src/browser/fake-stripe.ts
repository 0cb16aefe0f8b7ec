import type {
  ConfirmPaymentData,
  PaymentIntent,
  PaymentIntentResult,
  PaymentMethod,
  PaymentMethodResult,
  SetupIntentResult,
  Stripe,
  StripeElements,
  StripeError,
} from '@stripe/stripe-js';
import { BrowserApiClient } from './api-client.js';
import { cardParams } from './card-fields.js';
import { FakeElementsGroup, type FakeElementsOptions } from './fake-elements.js';

/** Where the fake Stripe.js sends its calls, and with which key. */
export interface FakeStripeOptions {
  /** The emulator's base URL, e.g. `emulator.url` or 'http://127.0.0.1:12111'. */
  apiBase: string;
  /** Any `pk_test_...` key. */
  publishableKey: string;
}

const SUCCEEDED_STATES = new Set(['succeeded', 'processing', 'requires_capture']);

function paymentIntentId(clientSecret: string): string {
  const id = clientSecret.split('_secret_')[0];
  if (!id?.startsWith('pi_')) {
    throw new Error(
      'Invalid PaymentIntent client secret: expected "pi_..._secret_...", as in invoice.confirmation_secret.client_secret.',
    );
  }
  return id;
}

function asGroup(elements: StripeElements | undefined): FakeElementsGroup | undefined {
  if (elements === undefined) return undefined;
  if (!(elements instanceof FakeElementsGroup)) {
    throw new Error(
      'These elements were not created by this fake Stripe.js: use the same stripe object for <Elements>.',
    );
  }
  return elements;
}

function unsupported(name: string): { error: StripeError } {
  return {
    error: {
      type: 'invalid_request_error',
      message: `stripe.${name}() is not implemented by the fake Stripe.js of @billing-kit/stripe-emulator yet.`,
    },
  };
}

/**
 * A Stripe.js stand-in that talks to the emulator instead of api.stripe.com, for offline development and tests.
 * Pass it to `<Elements stripe={createFakeStripe({ apiBase, publishableKey })}>`.
 */
export function createFakeStripe(options: FakeStripeOptions): Stripe {
  if (!/^pk_test_\w+$/.test(options.publishableKey)) {
    throw new Error(
      'createFakeStripe needs a test publishable key (pk_test_...): the emulator refuses other keys.',
    );
  }
  const api = new BrowserApiClient(options.apiBase, options.publishableKey);

  async function createCardPaymentMethod(
    group: FakeElementsGroup,
    paymentMethodData: ConfirmPaymentData['payment_method_data'] | undefined,
  ): Promise<PaymentMethodResult> {
    const element = group.getElement('payment');
    if (!element) {
      return { error: { type: 'validation_error', message: 'Mount a <PaymentElement> before confirming.' } };
    }
    const invalid = element.validate();
    if (invalid) return { error: invalid };
    const values = element.values();
    const billing = paymentMethodData?.billing_details;
    const result = await api.request<PaymentMethod>('POST', '/v1/payment_methods', {
      type: 'card',
      card: cardParams(values),
      billing_details: {
        name: billing?.name,
        email: billing?.email,
        phone: billing?.phone,
        address: {
          ...(billing?.address ?? {}),
          postal_code: values.postalCode || billing?.address?.postal_code,
        },
      },
    });
    return result.ok ? { paymentMethod: result.body } : { error: result.error };
  }

  async function confirmWith(
    clientSecret: string,
    paymentMethod: string | undefined,
    returnUrl: string | undefined,
  ): Promise<PaymentIntentResult> {
    const result = await api.request<PaymentIntent>(
      'POST',
      `/v1/payment_intents/${paymentIntentId(clientSecret)}/confirm`,
      {
        client_secret: clientSecret,
        payment_method: paymentMethod,
        return_url: returnUrl,
      },
    );
    return result.ok ? { paymentIntent: result.body } : { error: result.error };
  }

  async function retrievePaymentIntent(clientSecret: string): Promise<PaymentIntentResult> {
    const result = await api.request<PaymentIntent>(
      'GET',
      `/v1/payment_intents/${paymentIntentId(clientSecret)}`,
      {
        client_secret: clientSecret,
      },
    );
    return result.ok ? { paymentIntent: result.body } : { error: result.error };
  }

  const fake = {
    elements(elementsOptions?: FakeElementsOptions): StripeElements {
      return new FakeElementsGroup(elementsOptions).asStripeElements();
    },

    async confirmPayment(confirmOptions: {
      elements?: StripeElements;
      clientSecret?: string;
      confirmParams?: Partial<ConfirmPaymentData>;
      redirect?: 'always' | 'if_required';
    }): Promise<PaymentIntentResult> {
      const group = asGroup(confirmOptions.elements);
      const clientSecret = confirmOptions.clientSecret ?? group?.clientSecret;
      if (clientSecret === undefined) {
        throw new Error(
          'stripe.confirmPayment(): pass clientSecret (invoice.confirmation_secret.client_secret) or create the ' +
            'elements with { clientSecret }.',
        );
      }
      const redirect = confirmOptions.redirect ?? 'always';
      const returnUrl = confirmOptions.confirmParams?.return_url;
      if (redirect === 'always' && !returnUrl) {
        throw new Error(
          "stripe.confirmPayment(): confirmParams.return_url is required unless redirect: 'if_required'.",
        );
      }
      let paymentMethodId = confirmOptions.confirmParams?.payment_method as string | undefined;
      if (group) {
        if (group.mode !== undefined && !group.submitted) {
          throw new Error(
            'elements.submit() must be called before stripe.confirmPayment(). Call elements.submit() as soon as ' +
              'your customer presses pay, prior to any asynchronous work.',
          );
        }
        const created = await createCardPaymentMethod(
          group,
          confirmOptions.confirmParams?.payment_method_data,
        );
        if (created.error) return { error: created.error };
        paymentMethodId = created.paymentMethod.id;
      }
      const result = await confirmWith(clientSecret, paymentMethodId, returnUrl);
      if (result.error) return result;
      if (redirect === 'always' && returnUrl && SUCCEEDED_STATES.has(result.paymentIntent.status)) {
        const target = new URL(returnUrl, window.location.href);
        target.searchParams.set('payment_intent', result.paymentIntent.id);
        target.searchParams.set('payment_intent_client_secret', clientSecret);
        target.searchParams.set('redirect_status', result.paymentIntent.status);
        window.location.assign(target.toString());
      }
      return result;
    },

    async confirmCardPayment(
      clientSecret: string,
      data?: { payment_method?: string | { card?: unknown } },
    ): Promise<PaymentIntentResult> {
      if (data?.payment_method !== undefined && typeof data.payment_method !== 'string') {
        return unsupported('confirmCardPayment with card element data');
      }
      return confirmWith(clientSecret, data?.payment_method, undefined);
    },

    async createPaymentMethod(params: {
      elements?: StripeElements;
      params?: ConfirmPaymentData['payment_method_data'];
    }): Promise<PaymentMethodResult> {
      const group = asGroup(params.elements);
      if (!group) return unsupported('createPaymentMethod without { elements }');
      return createCardPaymentMethod(group, params.params);
    },

    retrievePaymentIntent,

    async handleNextAction(next: { clientSecret: string }): Promise<PaymentIntentResult> {
      return retrievePaymentIntent(next.clientSecret);
    },

    async confirmSetup(): Promise<SetupIntentResult> {
      return unsupported('confirmSetup');
    },

    async retrieveSetupIntent(): Promise<SetupIntentResult> {
      return unsupported('retrieveSetupIntent');
    },

    async createToken() {
      return unsupported('createToken');
    },

    registerAppInfo(): void {},

    _registerWrapper(): void {},
  };
  // Only the calls billing-kit makes are implemented; the rest of Stripe.js's surface is intentionally absent.
  return fake as unknown as Stripe;
}
