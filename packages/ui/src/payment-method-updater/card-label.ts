import type { PaymentMethodSummary } from '@billing-kit/core';
import type { BillingMessages } from '../i18n/messages.js';
import { formatMessage } from '../i18n/messages.js';

/** Stripe's brand ids as printed on cards; unknown brands are shown capitalised. */
const BRAND_NAMES: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires',
  eftpos_au: 'eftpos',
};

/** The name of a card brand for people: `visa` is "Visa", `amex` "American Express". */
export function cardBrandName(brand: string): string {
  return BRAND_NAMES[brand] ?? (brand ? brand.charAt(0).toUpperCase() + brand.slice(1) : brand);
}

/** "Visa ending in 4242", through the `cardLabel` message so translations can reorder it. */
export function cardLabel(
  card: Pick<PaymentMethodSummary, 'brand' | 'last4'>,
  messages: BillingMessages,
): string {
  return formatMessage(messages.cardLabel, { brand: cardBrandName(card.brand), last4: card.last4 });
}
