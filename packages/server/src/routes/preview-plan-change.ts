import { billingRoutes, type PreviewPlanChangeResponse } from '@billing-kit/core';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { invoiceLines } from './invoice-preview.js';
import { checkPlanChange, currentItem, stripeNow } from './plan-change-request.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { retrieveOwnSubscription } from './subscription-access.js';

/**
 * `POST /subscriptions/:id/preview-change`: what moving to `{ priceId, quantity }` would do, from Stripe's invoice
 * previews. The server picks `prorationDate` (Stripe's current time, inside the current period) and previews the
 * invoice an immediate change creates with exactly that date, so `changePlan` with the same date charges
 * `amountDueNow` to the minor unit. A change applied at the period end charges nothing now; its preview is the next
 * invoice. Stripe calls: the subscription, one or two previews (and the test clock in test mode).
 */
export const previewPlanChange: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  const body = await readJsonBody(request, billingRoutes.previewPlanChange.request);
  const checked = await checkPlanChange(context, customerId, params.id, body);
  const subscription = await retrieveOwnSubscription(context, customerId, checked.subscription.id);
  const { item, period } = currentItem(subscription);
  const now = await stripeNow(context, subscription);
  const prorationDate = Math.min(Math.max(now, period.start), period.end - 1);
  const items = [{ id: item.id, price: checked.target.price.id, quantity: checked.quantity }];

  const next = await context.stripe.invoices.createPreview({
    customer: customerId,
    subscription: subscription.id,
    subscription_details: { items, proration_behavior: 'none' },
  });
  // No proration during a trial: an immediate change then costs nothing today.
  const chargedNow = checked.change.appliesAt === 'now' && subscription.status !== 'trialing';
  const immediate = chargedNow
    ? await context.stripe.invoices.createPreview({
        customer: customerId,
        subscription: subscription.id,
        subscription_details: { items, proration_behavior: 'always_invoice', proration_date: prorationDate },
      })
    : null;
  const nowInvoice = immediate?.billing_reason === 'subscription_update' ? immediate : null;
  const nowLines = nowInvoice ? invoiceLines(nowInvoice) : [];
  const prorations = nowLines.filter((line) => line.proration);

  const answer: PreviewPlanChangeResponse = {
    kind: checked.change.kind,
    appliesAt: checked.change.appliesAt,
    prorationDate,
    lines: nowInvoice ? nowLines : invoiceLines(next),
    creditForUnusedTime: prorations.filter((line) => line.amount < 0).reduce((sum, l) => sum + l.amount, 0),
    chargeForNewPlan: prorations.filter((line) => line.amount > 0).reduce((sum, l) => sum + l.amount, 0),
    amountDueNow: nowInvoice?.amount_due ?? 0,
    nextInvoiceDate: period.end,
    nextInvoiceAmount: next.amount_due,
    effectiveAt: checked.change.appliesAt === 'now' ? prorationDate : period.end,
    currency: subscription.currency,
    target: {
      priceId: checked.target.price.id,
      planName: checked.target.planName,
      interval: checked.target.price.interval,
      quantity: checked.quantity,
    },
  };
  return contractResponse(billingRoutes.previewPlanChange.response, answer);
};
