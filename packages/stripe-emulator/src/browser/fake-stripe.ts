import type {
  ConfirmPaymentData,
  PaymentIntent,
  PaymentIntentOrSetupIntentResult,
  PaymentIntentResult,
  PaymentMethod,
  PaymentMethodResult,
  SetupIntent,
  SetupIntentResult,
  Stripe,
  StripeElements,
  StripeError,
} from '@stripe/stripe-js';
import { formatAmount } from '../billing/money.js';
import { BrowserApiClient } from './api-client.js';
import { type ResolvedAppearance, resolveAppearance } from './appearance.js';
import { cardParams } from './card-fields.js';
import { FakeElementsGroup, type FakeElementsOptions } from './fake-elements.js';
import { showThreeDSecureChallenge } from './three-d-secure-dialog.js';

/** Where the fake Stripe.js sends its calls, and with which key. */
export interface FakeStripeOptions {
  /** The emulator's base URL, e.g. `emulator.url` or 'http://127.0.0.1:12111'. */
  apiBase: string;
  /** Any `pk_test_...` key. */
  publishableKey: string;
  /**
   * The `fetch` every Stripe API call goes through (payment methods, intents, 3D Secure). Defaults to the global
   * `fetch`. Pass one to answer in the page itself, e.g. an in-memory Stripe for Storybook or a test that records
   * the calls: it receives `${apiBase}/v1/...` URLs with Stripe's form-encoded bodies.
   */
  fetch?: typeof fetch;
}

const SUCCEEDED_STATES = new Set(['succeeded', 'processing', 'requires_capture']);

type IntentKind = 'payment_intent' | 'setup_intent';

/** `pi_..._secret_...` or `seti_..._secret_...` -> the intent's kind and id. */
function parseClientSecret(clientSecret: string, expected?: IntentKind): { kind: IntentKind; id: string } {
  const id = clientSecret.split('_secret_')[0] ?? '';
  const kind: IntentKind | undefined = id.startsWith('pi_')
    ? 'payment_intent'
    : id.startsWith('seti_')
      ? 'setup_intent'
      : undefined;
  if (
    kind === undefined ||
    !clientSecret.includes('_secret_') ||
    (expected !== undefined && kind !== expected)
  ) {
    const wanted =
      expected === 'setup_intent'
        ? 'a SetupIntent client secret "seti_..._secret_..." (subscription.pending_setup_intent.client_secret)'
        : expected === 'payment_intent'
          ? 'a PaymentIntent client secret "pi_..._secret_..." (invoice.confirmation_secret.client_secret)'
          : 'a PaymentIntent or SetupIntent client secret ("pi_..._secret_..." or "seti_..._secret_...")';
    throw new Error(`Invalid client secret: expected ${wanted}.`);
  }
  return { kind, id };
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

/** An intent as the emulator returns it: enough of both shapes for the confirmation flow. */
interface AnyIntent {
  id: string;
  object: 'payment_intent' | 'setup_intent';
  status: string;
  amount?: number;
  currency?: string;
  last_payment_error?: StripeError | null;
  last_setup_error?: StripeError | null;
}

type IntentResult = { intent: AnyIntent; error?: undefined } | { intent?: undefined; error: StripeError };

/**
 * A Stripe.js stand-in that talks to the emulator instead of api.stripe.com, for offline development and tests.
 * Pass it to `<Elements stripe={createFakeStripe({ apiBase, publishableKey })}>`. Cards that ask for 3D Secure open
 * an accessible "Authenticate your payment" dialog whose "Complete" and "Fail" buttons play the bank's part.
 */
export function createFakeStripe(options: FakeStripeOptions): Stripe {
  if (!/^pk_test_\w+$/.test(options.publishableKey)) {
    throw new Error(
      'createFakeStripe needs a test publishable key (pk_test_...): the emulator refuses other keys.',
    );
  }
  const api = new BrowserApiClient(options.apiBase, options.publishableKey, options.fetch);

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

  function intentPath(kind: IntentKind, id: string): string {
    return `/v1/${kind === 'payment_intent' ? 'payment_intents' : 'setup_intents'}/${id}`;
  }

  async function retrieveIntent(clientSecret: string, expected?: IntentKind): Promise<IntentResult> {
    const { kind, id } = parseClientSecret(clientSecret, expected);
    const result = await api.request<AnyIntent>('GET', intentPath(kind, id), { client_secret: clientSecret });
    return result.ok ? { intent: result.body } : { error: result.error };
  }

  /**
   * Like Stripe.js after a confirmation: an intent in `requires_action` shows the 3D Secure challenge, then the
   * emulator's `authenticate` route records the customer's choice. A failed authentication (or a decline after
   * it) becomes `{ error }` carrying the intent, as Stripe.js reports it.
   */
  async function handleActions(intent: AnyIntent, clientSecret: string, appearance: ResolvedAppearance) {
    let current = intent;
    if (current.status === 'requires_action') {
      const outcome = await showThreeDSecureChallenge({
        amountLabel:
          current.amount !== undefined && current.currency !== undefined
            ? formatAmount(current.amount, current.currency)
            : undefined,
        appearance,
      });
      const result = await api.request<AnyIntent>(
        'POST',
        `${intentPath(current.object, current.id)}/authenticate`,
        {
          client_secret: clientSecret,
          outcome,
        },
      );
      if (!result.ok) return { error: result.error };
      current = result.body;
    }
    const lastError =
      current.object === 'payment_intent' ? current.last_payment_error : current.last_setup_error;
    if (current.status === 'requires_payment_method' && lastError) {
      return {
        error: {
          ...lastError,
          ...(current.object === 'payment_intent'
            ? { payment_intent: current as unknown as PaymentIntent }
            : { setup_intent: current as unknown as SetupIntent }),
        },
      };
    }
    return { intent: current };
  }

  function toResult(kind: 'payment_intent', result: IntentResult): PaymentIntentResult;
  function toResult(kind: 'setup_intent', result: IntentResult): SetupIntentResult;
  function toResult(kind: IntentKind, result: IntentResult): PaymentIntentResult | SetupIntentResult {
    if (result.error) return { error: result.error };
    return kind === 'payment_intent'
      ? { paymentIntent: result.intent as unknown as PaymentIntent }
      : { setupIntent: result.intent as unknown as SetupIntent };
  }

  async function confirmIntent(
    kind: IntentKind,
    clientSecret: string,
    paymentMethod: string | undefined,
    returnUrl: string | undefined,
    appearance: ResolvedAppearance,
  ): Promise<IntentResult> {
    const { id } = parseClientSecret(clientSecret, kind);
    const result = await api.request<AnyIntent>('POST', `${intentPath(kind, id)}/confirm`, {
      client_secret: clientSecret,
      payment_method: paymentMethod,
      return_url: returnUrl,
    });
    if (!result.ok) return { error: result.error };
    return handleActions(result.body, clientSecret, appearance);
  }

  interface ConfirmOptions {
    elements?: StripeElements;
    clientSecret?: string;
    confirmParams?: Partial<ConfirmPaymentData>;
    redirect?: 'always' | 'if_required';
  }

  /** `confirmPayment` and `confirmSetup`: create the card from the Payment Element, confirm, handle 3D Secure. */
  async function confirmWithElements(
    kind: IntentKind,
    confirmOptions: ConfirmOptions,
  ): Promise<IntentResult> {
    const name = kind === 'payment_intent' ? 'confirmPayment' : 'confirmSetup';
    const group = asGroup(confirmOptions.elements);
    const clientSecret = confirmOptions.clientSecret ?? group?.clientSecret;
    if (clientSecret === undefined) {
      throw new Error(
        `stripe.${name}(): pass clientSecret (${kind === 'payment_intent' ? 'invoice.confirmation_secret.client_secret' : 'setupIntent.client_secret'}) or create the elements with { clientSecret }.`,
      );
    }
    const redirect = confirmOptions.redirect ?? 'always';
    const returnUrl = confirmOptions.confirmParams?.return_url;
    if (redirect === 'always' && !returnUrl) {
      throw new Error(
        `stripe.${name}(): confirmParams.return_url is required unless redirect: 'if_required'.`,
      );
    }
    let paymentMethodId = confirmOptions.confirmParams?.payment_method as string | undefined;
    if (group) {
      if (group.mode !== undefined && !group.submitted) {
        throw new Error(
          `elements.submit() must be called before stripe.${name}(). Call elements.submit() as soon as ` +
            'your customer presses pay, prior to any asynchronous work.',
        );
      }
      const created = await createCardPaymentMethod(group, confirmOptions.confirmParams?.payment_method_data);
      if (created.error) return { error: created.error };
      paymentMethodId = created.paymentMethod.id;
    }
    const appearance = group?.resolvedAppearance() ?? resolveAppearance(undefined);
    const result = await confirmIntent(kind, clientSecret, paymentMethodId, returnUrl, appearance);
    if (result.error) return result;
    if (redirect === 'always' && returnUrl && SUCCEEDED_STATES.has(result.intent.status)) {
      const target = new URL(returnUrl, window.location.href);
      target.searchParams.set(kind, result.intent.id);
      target.searchParams.set(`${kind}_client_secret`, clientSecret);
      target.searchParams.set('redirect_status', result.intent.status);
      window.location.assign(target.toString());
    }
    return result;
  }

  const fake = {
    elements(elementsOptions?: FakeElementsOptions): StripeElements {
      return new FakeElementsGroup(elementsOptions).asStripeElements();
    },

    async confirmPayment(confirmOptions: ConfirmOptions): Promise<PaymentIntentResult> {
      return toResult('payment_intent', await confirmWithElements('payment_intent', confirmOptions));
    },

    async confirmSetup(confirmOptions: ConfirmOptions): Promise<SetupIntentResult> {
      return toResult('setup_intent', await confirmWithElements('setup_intent', confirmOptions));
    },

    async confirmCardPayment(
      clientSecret: string,
      data?: { payment_method?: string | { card?: unknown } },
    ): Promise<PaymentIntentResult> {
      if (data?.payment_method !== undefined && typeof data.payment_method !== 'string') {
        return unsupported('confirmCardPayment with card element data');
      }
      return toResult(
        'payment_intent',
        await confirmIntent(
          'payment_intent',
          clientSecret,
          data?.payment_method,
          undefined,
          resolveAppearance(undefined),
        ),
      );
    },

    async createPaymentMethod(params: {
      elements?: StripeElements;
      params?: ConfirmPaymentData['payment_method_data'];
    }): Promise<PaymentMethodResult> {
      const group = asGroup(params.elements);
      if (!group) return unsupported('createPaymentMethod without { elements }');
      return createCardPaymentMethod(group, params.params);
    },

    async retrievePaymentIntent(clientSecret: string): Promise<PaymentIntentResult> {
      return toResult('payment_intent', await retrieveIntent(clientSecret, 'payment_intent'));
    },

    async retrieveSetupIntent(clientSecret: string): Promise<SetupIntentResult> {
      return toResult('setup_intent', await retrieveIntent(clientSecret, 'setup_intent'));
    },

    /** Shows the 3D Secure challenge of an intent in `requires_action` (e.g. an off-session renewal) and finishes it. */
    async handleNextAction(next: { clientSecret: string }): Promise<PaymentIntentOrSetupIntentResult> {
      const retrieved = await retrieveIntent(next.clientSecret);
      if (retrieved.error) return { error: retrieved.error };
      const result = await handleActions(retrieved.intent, next.clientSecret, resolveAppearance(undefined));
      if (result.error) return { error: result.error };
      return result.intent.object === 'payment_intent'
        ? { paymentIntent: result.intent as unknown as PaymentIntent }
        : { setupIntent: result.intent as unknown as SetupIntent };
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
