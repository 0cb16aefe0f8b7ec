import { billingRoutes, type PreviewSubscriptionResponse } from '@billing-kit/core';
import type Stripe from 'stripe';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { invoiceDiscount, invoiceLines, invoiceTax } from './invoice-preview.js';
import { discountOutlastsFirstPeriod, resolvePromotionCode } from './promotion-code.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { requireCatalogChoice } from './subscription-access.js';

const DAY = 86_400;

/**
 * `POST /subscriptions/preview`: what starting a subscription on a catalog price would cost, from Stripe's own
 * invoice preview (`invoices.createPreview`): the lines, the promotion code's discount, tax, the total due today (0
 * during a trial), the trial end, and the next charge. Creates nothing. One or two Stripe calls, plus the promotion
 * code lookup when one is given.
 */
export const previewSubscription: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  const body = await readJsonBody(request, billingRoutes.previewSubscription.request);
  const { price } = await requireCatalogChoice(context, body.priceId, body.quantity);
  const promotion = body.promotionCode
    ? await resolvePromotionCode(context.stripe, body.promotionCode, customerId, price)
    : null;

  const previewWith = (discounts: Stripe.InvoiceCreatePreviewParams.Discount[]) =>
    context.stripe.invoices.createPreview({
      customer: customerId,
      subscription_details: {
        items: [{ price: price.id, quantity: body.quantity }],
        ...(context.defaultTaxRates.length > 0 ? { default_tax_rates: context.defaultTaxRates } : {}),
      },
      ...(discounts.length > 0 ? { discounts } : {}),
    });
  // The preview is always of a full first period: a trial only moves when it is charged.
  const preview = await previewWith(promotion ? [{ promotion_code: promotion.id }] : []);
  const lines = invoiceLines(preview);
  const periodEnd = lines.find((line) => !line.proration)?.period.end ?? preview.period_end;
  const trialEnd = price.trialPeriodDays ? preview.created + price.trialPeriodDays * DAY : null;

  // With a trial the first charge is this invoice, discount included. Otherwise the renewal loses a discount that
  // lasts only the first period (`once`, or fewer months than one period).
  let renewalAmount = preview.total;
  if (trialEnd === null && promotion && !discountOutlastsFirstPeriod(promotion.discount, price)) {
    renewalAmount = (await previewWith([])).total;
  }

  const answer: PreviewSubscriptionResponse = {
    priceId: price.id,
    quantity: body.quantity,
    currency: preview.currency,
    lines,
    subtotal: preview.subtotal,
    discount: promotion?.discount ?? null,
    discountAmount: invoiceDiscount(preview),
    tax: invoiceTax(preview),
    totalDueToday: trialEnd === null ? preview.amount_due : 0,
    trialEnd,
    renewal: { date: trialEnd ?? periodEnd, amount: renewalAmount },
  };
  return contractResponse(billingRoutes.previewSubscription.response, answer);
};
