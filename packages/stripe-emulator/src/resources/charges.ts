import type Stripe from 'stripe';
import { nowFor } from '../billing/time.js';
import type { EmulatorContext } from '../context.js';
import { createId } from '../ids.js';
import { resourceMissing } from '../server/errors.js';
import { newestFirst, paginate } from '../server/list.js';
import type { RouteDefinition } from '../server/route.js';
import { customerIdOf } from './payment-intents.js';
import type { CardOutcome } from './test-cards.js';

/**
 * Records the charge of one payment attempt (succeeded or failed, as Stripe keeps both), emits
 * `charge.succeeded` or `charge.failed` and makes it the intent's `latest_charge`.
 */
export function recordCharge(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
  outcome: CardOutcome,
): Stripe.Charge {
  const succeeded = outcome.kind === 'succeeds';
  const card = paymentMethod.card;
  const charge: Stripe.Charge = {
    id: createId('ch'),
    object: 'charge',
    amount: paymentIntent.amount,
    amount_captured: succeeded ? paymentIntent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: 'BILLING-KIT',
    captured: succeeded,
    created: nowFor(ctx, customerIdOf(paymentIntent.customer)),
    currency: paymentIntent.currency,
    customer: paymentIntent.customer,
    description: paymentIntent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: succeeded ? null : outcome.code,
    failure_message: succeeded ? null : outcome.message,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: succeeded ? 'approved_by_network' : 'declined_by_network',
      reason: succeeded ? null : (outcome.declineCode ?? outcome.code),
      risk_level: 'normal',
      seller_message: succeeded ? 'Payment complete.' : 'The bank did not return any further details.',
      type: succeeded ? 'authorized' : 'issuer_declined',
    },
    paid: succeeded,
    payment_intent: paymentIntent.id,
    payment_method: paymentMethod.id,
    payment_method_details: card
      ? ({
          type: 'card',
          card: {
            brand: card.brand,
            country: card.country,
            exp_month: card.exp_month,
            exp_year: card.exp_year,
            fingerprint: card.fingerprint,
            funding: card.funding,
            last4: card.last4,
            network: card.brand,
          },
        } as Stripe.Charge.PaymentMethodDetails)
      : null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.state.charges.set(charge.id, charge);
  paymentIntent.latest_charge = charge.id;
  ctx.emitEvent(succeeded ? 'charge.succeeded' : 'charge.failed', charge);
  return charge;
}

/** `/v1/charges`: retrieve and list (by `customer`, `payment_intent`); charges are made by PaymentIntents only. */
export const chargeRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/v1/charges/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      const charge = ctx.state.charges.get(path.id as string);
      if (!charge) throw resourceMissing('charge', path.id as string);
      return charge;
    },
  },
  {
    method: 'GET',
    path: '/v1/charges',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      const paymentIntent = params.string('payment_intent');
      const charges = newestFirst(ctx.state.charges).filter(
        (charge) =>
          (customer === undefined || charge.customer === customer) &&
          (paymentIntent === undefined || charge.payment_intent === paymentIntent),
      );
      const list = paginate(charges, params, '/v1/charges');
      params.finish();
      return list;
    },
  },
];
