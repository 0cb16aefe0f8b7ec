import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, invalidState, resourceMissing, StripeApiError } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { describeCard, passesLuhn, TEST_PAYMENT_METHOD_CARDS, type TestCard } from './test-cards.js';

function cardError(code: string, message: string, param: string): StripeApiError {
  return new StripeApiError(402, { type: 'card_error', code, message, param });
}

interface CardDetails {
  card: TestCard;
  expMonth: number;
  expYear: number;
  billingDetails: Stripe.PaymentMethod.BillingDetails;
}

/** Stores a new card payment method for `details` (not attached to anyone). */
export function createCardPaymentMethod(
  ctx: EmulatorContext,
  details: CardDetails,
  metadata: Record<string, string> = {},
): Stripe.PaymentMethod {
  const { card } = details;
  const paymentMethod: Stripe.PaymentMethod = {
    id: createId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: details.billingDetails,
    card: {
      brand: card.brand,
      checks: {
        address_line1_check: null,
        address_postal_code_check: details.billingDetails.address?.postal_code ? 'pass' : null,
        cvc_check: 'unchecked',
      },
      country: card.country,
      display_brand: card.brand,
      exp_month: details.expMonth,
      exp_year: details.expYear,
      // Same card, same fingerprint: that is how Stripe lets integrations spot duplicates.
      fingerprint: createHash('sha256').update(card.number).digest('base64url').slice(0, 16),
      funding: card.funding,
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: ctx.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata,
    type: 'card',
  };
  ctx.state.paymentMethods.set(paymentMethod.id, paymentMethod);
  ctx.state.paymentMethodCards.set(paymentMethod.id, card);
  return paymentMethod;
}

function emptyBillingDetails(): Stripe.PaymentMethod.BillingDetails {
  return { address: null, email: null, name: null, phone: null, tax_id: null };
}

/**
 * A payment method by id. Stripe's magic test ids (`pm_card_visa`, `pm_card_chargeDeclined`, ...) create a fresh
 * payment method each time they are used, as in Stripe test mode.
 */
export function resolvePaymentMethod(ctx: EmulatorContext, id: string, param?: string): Stripe.PaymentMethod {
  const magicCard = TEST_PAYMENT_METHOD_CARDS[id];
  if (magicCard !== undefined) {
    return createCardPaymentMethod(ctx, {
      card: describeCard(magicCard),
      expMonth: 12,
      expYear: new Date(ctx.clock.now() * 1000).getUTCFullYear() + 3,
      billingDetails: emptyBillingDetails(),
    });
  }
  const paymentMethod = ctx.state.paymentMethods.get(id);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', id, param);
  return paymentMethod;
}

/** Attaches to a customer (no-op if already theirs) and emits `payment_method.attached`. */
export function attachPaymentMethod(
  ctx: EmulatorContext,
  paymentMethod: Stripe.PaymentMethod,
  customerId: string,
) {
  if (paymentMethod.customer === customerId) return;
  if (paymentMethod.customer !== null) {
    throw invalidState(
      'The payment method you provided has already been attached to a customer. Detach it first, or create a new one.',
      'payment_method',
    );
  }
  paymentMethod.customer = customerId;
  ctx.emitEvent('payment_method.attached', paymentMethod);
}

function readBillingDetails(params: ParamReader | undefined): Stripe.PaymentMethod.BillingDetails {
  const details = emptyBillingDetails();
  if (!params) return details;
  details.email = params.string('email') ?? null;
  details.name = params.string('name') ?? null;
  details.phone = params.string('phone') ?? null;
  const address = params.object('address');
  if (address) {
    details.address = {
      city: address.string('city') ?? null,
      country: address.string('country') ?? null,
      line1: address.string('line1') ?? null,
      line2: address.string('line2') ?? null,
      postal_code: address.string('postal_code') ?? null,
      state: address.string('state') ?? null,
    };
  }
  return details;
}

/** Validates raw card fields the way Stripe does at creation (402 `card_error`, e.g. `incorrect_number`). */
function readCard(ctx: EmulatorContext, card: ParamReader): Omit<CardDetails, 'billingDetails'> {
  const number = (card.string('number', { required: true }) as string).replace(/[\s-]/g, '');
  const expMonth = card.string('exp_month', { required: true }) as string;
  const expYear = card.string('exp_year', { required: true }) as string;
  const cvc = card.string('cvc');
  if (!/^\d+$/.test(number) || !passesLuhn(number)) {
    throw cardError('incorrect_number', 'Your card number is incorrect.', 'card[number]');
  }
  const month = Number(expMonth);
  if (!/^\d{1,2}$/.test(expMonth) || month < 1 || month > 12) {
    throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'card[exp_month]');
  }
  let year = Number(expYear);
  if (!/^\d{2}(\d{2})?$/.test(expYear)) {
    throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", 'card[exp_year]');
  }
  if (year < 100) year += 2000;
  const now = new Date(ctx.clock.now() * 1000);
  const nowYear = now.getUTCFullYear();
  if (year < nowYear || (year === nowYear && month < now.getUTCMonth() + 1) || year > nowYear + 50) {
    throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", 'card[exp_year]');
  }
  if (cvc !== undefined && !/^\d{3,4}$/.test(cvc)) {
    throw cardError('invalid_cvc', "Your card's security code is invalid.", 'card[cvc]');
  }
  return { card: describeCard(number), expMonth: month, expYear: year };
}

function listForCustomer(
  ctx: EmulatorContext,
  params: ParamReader,
  customerId: string | undefined,
  url: string,
) {
  const type = params.string('type');
  if (type !== undefined && type !== 'card') {
    throw invalidParam(
      'type',
      'The emulator only has card payment methods: use type=card or leave type out.',
    );
  }
  if (customerId !== undefined && !ctx.state.customers.has(customerId)) {
    throw resourceMissing('customer', customerId, url.startsWith('/v1/customers') ? 'id' : 'customer');
  }
  const methods = newestFirst(ctx.state.paymentMethods).filter(
    (method) => method.customer !== null && (customerId === undefined || method.customer === customerId),
  );
  const list = paginate(methods, params, url);
  params.finish();
  return list;
}

/** `/v1/payment_methods`: create (card, callable by Stripe.js), retrieve, attach, detach, list by customer. */
export const paymentMethodRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/payment_methods',
    allowPublishableKey: true,
    handle: ({ ctx, params }) => {
      const type = params.string('type', { required: true });
      if (type !== 'card') {
        throw invalidParam('type', 'The emulator only creates card payment methods for now: use type=card.');
      }
      const cardParams = params.object('card', { required: true }) as ParamReader;
      const billingDetails = readBillingDetails(params.object('billing_details'));
      const metadata = mergeMetadata({}, params.metadata());
      const card = readCard(ctx, cardParams);
      params.finish();
      return createCardPaymentMethod(ctx, { ...card, billingDetails }, metadata);
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_methods/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return resolvePaymentMethod(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/attach',
    handle: ({ ctx, params, path }) => {
      const customerId = params.string('customer', { required: true }) as string;
      params.finish();
      if (!ctx.state.customers.has(customerId)) throw resourceMissing('customer', customerId, 'customer');
      const paymentMethod = resolvePaymentMethod(ctx, path.id as string);
      // Stripe checks the card on attach: declining test cards fail here, 4000 0000 0000 0341 only on charges.
      const validation = ctx.state.paymentMethodCards.get(paymentMethod.id)?.validation;
      if (validation?.kind === 'declines' && paymentMethod.customer !== customerId) {
        throw new StripeApiError(402, {
          type: 'card_error',
          code: validation.code,
          ...(validation.declineCode === undefined ? {} : { decline_code: validation.declineCode }),
          message: validation.message,
        });
      }
      attachPaymentMethod(ctx, paymentMethod, customerId);
      return paymentMethod;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/detach',
    handle: ({ ctx, params, path }) => {
      params.finish();
      const paymentMethod = resolvePaymentMethod(ctx, path.id as string);
      if (paymentMethod.customer === null) {
        throw invalidState(
          'The payment method you provided is not attached to a customer so detachment is impossible.',
        );
      }
      const previousCustomer = paymentMethod.customer;
      paymentMethod.customer = null;
      ctx.state.offSessionReadyPaymentMethods.delete(paymentMethod.id);
      ctx.emitEvent('payment_method.detached', paymentMethod, { customer: previousCustomer });
      // A detached card cannot stay the customer's default, as in Stripe.
      const customer =
        typeof previousCustomer === 'string' ? ctx.state.customers.get(previousCustomer) : undefined;
      if (customer?.invoice_settings.default_payment_method === paymentMethod.id) {
        const before = snapshot(customer);
        customer.invoice_settings.default_payment_method = null;
        ctx.emitEvent('customer.updated', customer, previousAttributes(before, customer));
      }
      return paymentMethod;
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_methods',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      return listForCustomer(ctx, params, customer, '/v1/payment_methods');
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id/payment_methods',
    handle: ({ ctx, params, path }) =>
      listForCustomer(ctx, params, path.id as string, `/v1/customers/${path.id}/payment_methods`),
  },
];
