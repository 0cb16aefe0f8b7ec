import type Stripe from 'stripe';
import { createId } from '../ids.js';
import { divideRounded, roundHalfAwayFromZero } from './money.js';

/** One line before discounts and taxes: what a subscription item (or a proration of it) bills. */
export interface LineDraft {
  subscriptionItemId: string;
  price: Stripe.Price;
  quantity: number;
  /** Minor units, before discounts; tax included when its tax rates are inclusive. */
  amount: number;
  periodStart: number;
  periodEnd: number;
  proration: boolean;
  description: string;
  taxRates: Stripe.TaxRate[];
}

/** An invoice's lines with their discounts and taxes, and the totals Stripe derives from them. */
export interface InvoiceAmounts {
  lines: Stripe.InvoiceLineItem[];
  discountIds: string[];
  subtotal: number;
  subtotalExcludingTax: number;
  totalDiscountAmounts: Stripe.Invoice.TotalDiscountAmount[];
  totalTaxes: Stripe.Invoice.TotalTax[];
  total: number;
  totalExcludingTax: number;
}

/** How much `discount` (its coupon) takes off each line: percent per line, amount off spread pro rata. */
function discountPerLine(coupon: Stripe.Coupon, remaining: readonly number[]): number[] {
  if (coupon.percent_off !== null) {
    return remaining.map((amount) => roundHalfAwayFromZero((amount * (coupon.percent_off as number)) / 100));
  }
  const base = remaining.reduce((sum, amount) => sum + amount, 0);
  if (base <= 0) return remaining.map(() => 0);
  const off = Math.min(coupon.amount_off ?? 0, base);
  // Pro rata by line amount; the last line takes the rounding remainder so the parts add up to `off`.
  const parts = remaining.map((amount) => divideRounded(off * amount, base));
  const lastIndex = parts.length - 1;
  parts[lastIndex] = (parts[lastIndex] ?? 0) + off - parts.reduce((sum, part) => sum + part, 0);
  return parts;
}

/** Taxes of one line, computed on its amount after discounts. */
function taxesOf(taxRates: readonly Stripe.TaxRate[], discounted: number): Stripe.InvoiceLineItem.Tax[] {
  const inclusivePercent = taxRates
    .filter((rate) => rate.inclusive)
    .reduce((sum, rate) => sum + rate.percentage, 0);
  // Inclusive taxes are inside the amount: the net is amount / (1 + sum of inclusive rates).
  const inclusiveTaxes = taxRates
    .filter((rate) => rate.inclusive)
    .map((rate) => roundHalfAwayFromZero((discounted * rate.percentage) / (100 + inclusivePercent)));
  const net = discounted - inclusiveTaxes.reduce((sum, tax) => sum + tax, 0);
  let inclusiveIndex = 0;
  return taxRates.map((rate) => {
    const amount = rate.inclusive
      ? (inclusiveTaxes[inclusiveIndex++] as number)
      : roundHalfAwayFromZero((net * rate.percentage) / 100);
    return {
      amount,
      tax_behavior: rate.inclusive ? 'inclusive' : 'exclusive',
      tax_rate_details: { tax_rate: rate.id },
      taxability_reason: 'standard_rated',
      taxable_amount: net,
      type: 'tax_rate_details',
    };
  });
}

function buildLine(
  invoiceId: string,
  subscriptionId: string | null,
  draft: LineDraft,
  discountAmounts: Stripe.InvoiceLineItem.DiscountAmount[],
  taxes: Stripe.InvoiceLineItem.Tax[],
): Stripe.InvoiceLineItem {
  const productId = typeof draft.price.product === 'string' ? draft.price.product : draft.price.product.id;
  return {
    id: createId('il'),
    object: 'line_item',
    amount: draft.amount,
    currency: draft.price.currency,
    description: draft.description,
    discount_amounts: discountAmounts,
    discountable: true,
    discounts: discountAmounts.map((entry) => entry.discount as string),
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: draft.proration ? createId('ii') : null,
        proration: draft.proration,
        proration_details: { credited_items: null },
        subscription: subscriptionId,
        subscription_item: draft.subscriptionItemId,
      },
    },
    period: { start: draft.periodStart, end: draft.periodEnd },
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: draft.price.id, product: productId },
      unit_amount_decimal: draft.price.unit_amount_decimal,
    },
    quantity: draft.quantity,
    quantity_decimal: String(draft.quantity) as unknown as Stripe.InvoiceLineItem['quantity_decimal'],
    subscription: subscriptionId,
    subtotal: draft.amount,
    taxes,
  };
}

/**
 * Applies `discounts` (in order, each on what the previous ones left) and each line's tax rates to `drafts`, and
 * sums the invoice. The one place invoice money is computed, so that a preview and the invoice an update produces
 * agree to the minor unit. Each line's discount and tax is rounded on its own (halves away from zero).
 */
export function computeInvoiceAmounts(
  invoiceId: string,
  subscriptionId: string | null,
  drafts: readonly LineDraft[],
  discounts: ReadonlyArray<{ discount: Stripe.Discount; coupon: Stripe.Coupon }>,
): InvoiceAmounts {
  const remaining = drafts.map((draft) => draft.amount);
  const lineDiscounts: Stripe.InvoiceLineItem.DiscountAmount[][] = drafts.map(() => []);
  const totalDiscountAmounts: Stripe.Invoice.TotalDiscountAmount[] = [];
  for (const { discount, coupon } of discounts) {
    const parts = discountPerLine(coupon, remaining);
    let sum = 0;
    parts.forEach((part, index) => {
      remaining[index] = (remaining[index] as number) - part;
      sum += part;
      lineDiscounts[index]?.push({ amount: part, discount: discount.id });
    });
    totalDiscountAmounts.push({ amount: sum, discount: discount.id });
  }
  const totalTaxes = new Map<string, Stripe.Invoice.TotalTax>();
  const lines = drafts.map((draft, index) => {
    const taxes = taxesOf(draft.taxRates, remaining[index] as number);
    for (const tax of taxes) {
      const key = tax.tax_rate_details?.tax_rate as string;
      const total = totalTaxes.get(key);
      if (total) {
        total.amount += tax.amount;
        total.taxable_amount = (total.taxable_amount ?? 0) + (tax.taxable_amount ?? 0);
      } else {
        totalTaxes.set(key, { ...tax, tax_rate_details: { tax_rate: key } });
      }
    }
    return buildLine(invoiceId, subscriptionId, draft, lineDiscounts[index] ?? [], taxes);
  });
  const subtotal = drafts.reduce((sum, draft) => sum + draft.amount, 0);
  const discountTotal = totalDiscountAmounts.reduce((sum, entry) => sum + entry.amount, 0);
  const taxes = [...totalTaxes.values()];
  const inclusiveTax = taxes
    .filter((tax) => tax.tax_behavior === 'inclusive')
    .reduce((sum, tax) => sum + tax.amount, 0);
  const exclusiveTax = taxes
    .filter((tax) => tax.tax_behavior === 'exclusive')
    .reduce((sum, tax) => sum + tax.amount, 0);
  const total = subtotal - discountTotal + exclusiveTax;
  return {
    lines,
    discountIds: discounts.map(({ discount }) => discount.id),
    subtotal,
    subtotalExcludingTax: subtotal - inclusiveTax,
    totalDiscountAmounts,
    totalTaxes: taxes,
    total,
    totalExcludingTax: total - inclusiveTax - exclusiveTax,
  };
}
