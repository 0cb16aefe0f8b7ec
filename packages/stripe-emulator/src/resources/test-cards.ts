/** What a test card does when charged. */
export type CardOutcome =
  | { kind: 'succeeds' }
  | { kind: 'declines'; code: string; declineCode?: string; message: string };

/** A test card as the emulator knows it. */
export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';
  funding: 'credit' | 'debit';
  outcome: CardOutcome;
}

const DECLINED: CardOutcome = {
  kind: 'declines',
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
};

/** Stripe's test card numbers with a behaviour other than "succeeds" (https://docs.stripe.com/testing). */
const SPECIAL_CARDS: Record<string, CardOutcome> = {
  '4000000000000002': DECLINED,
  '4000000000009995': {
    kind: 'declines',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000009987': {
    kind: 'declines',
    code: 'card_declined',
    declineCode: 'lost_card',
    message: 'Your card was declined.',
  },
  '4000000000000069': { kind: 'declines', code: 'expired_card', message: 'Your card has expired.' },
  '4000000000000127': {
    kind: 'declines',
    code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  '4000000000000119': {
    kind: 'declines',
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  // Attaches fine, every charge fails: a failed renewal.
  '4000000000000341': DECLINED,
};

/** Stripe's magic test payment method ids, mapped to the card they stand for. */
export const TEST_PAYMENT_METHOD_CARDS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeCustomerFail: '4000000000000341',
};

/** Luhn checksum, as every card network uses it. */
export function passesLuhn(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = number.length - 1; index >= 0; index -= 1) {
    let digit = Number(number[index]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return number.length >= 12 && sum % 10 === 0;
}

function brandOf(number: string): TestCard['brand'] {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^6(011|5)/.test(number)) return 'discover';
  return 'unknown';
}

/** Describes any card number: Stripe's special test numbers decline as documented, every other valid one succeeds. */
export function describeCard(number: string): TestCard {
  return {
    number,
    brand: brandOf(number),
    funding: number === '4000056655665556' ? 'debit' : 'credit',
    outcome: SPECIAL_CARDS[number] ?? { kind: 'succeeds' },
  };
}
