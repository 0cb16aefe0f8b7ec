/** What a test card does when charged (or checked, on attach and setup). */
export type CardOutcome =
  | { kind: 'succeeds' }
  | { kind: 'declines'; code: string; declineCode?: string; message: string };

/**
 * When the card asks for 3D Secure:
 * - `none`: never;
 * - `unless_set_up` (4000 0025 0000 3155): on every on-session payment or setup; off-session payments succeed
 *   once the card was set up (a SetupIntent, or an authenticated payment saved for future use), and fail with
 *   `authentication_required` before that;
 * - `always` (4000 0027 6000 3184, 3220, 3063): on every payment and setup, on and off session.
 */
export type CardAuthentication = 'none' | 'unless_set_up' | 'always';

/** A test card as the emulator knows it. */
export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay' | 'unknown';
  funding: 'credit' | 'debit' | 'prepaid';
  /** Two-letter country of issue. */
  country: string;
  /** The result of a charge (after any authentication). */
  outcome: CardOutcome;
  /** The result of the check Stripe runs on attach and on SetupIntent confirmation. */
  validation: CardOutcome;
  authentication: CardAuthentication;
}

const SUCCEEDS: CardOutcome = { kind: 'succeeds' };

const DECLINED: CardOutcome = {
  kind: 'declines',
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
};

/** The decline Stripe answers when an off-session payment needs the customer to authenticate. */
export const AUTHENTICATION_REQUIRED: CardOutcome = {
  kind: 'declines',
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** Stripe's test card numbers that decline (https://docs.stripe.com/testing#declined-payments). */
const DECLINING_CARDS: Record<string, CardOutcome> = {
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
  '4000000000009979': {
    kind: 'declines',
    code: 'card_declined',
    declineCode: 'stolen_card',
    message: 'Your card was declined.',
  },
  '4000000000006975': {
    kind: 'declines',
    code: 'card_declined',
    declineCode: 'card_velocity_exceeded',
    message: 'Your card was declined.',
  },
  // Stripe's decline codes list these three too, so the error carries them as decline_code as well.
  '4000000000000069': {
    kind: 'declines',
    code: 'expired_card',
    declineCode: 'expired_card',
    message: 'Your card has expired.',
  },
  '4000000000000127': {
    kind: 'declines',
    code: 'incorrect_cvc',
    declineCode: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  '4000000000000119': {
    kind: 'declines',
    code: 'processing_error',
    declineCode: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
};

/** Cards that attach and set up fine but whose every charge fails: a failed renewal. */
const CHARGE_ONLY_DECLINES: Record<string, CardOutcome> = {
  '4000000000000341': DECLINED,
};

/** Stripe's 3D Secure test cards (https://docs.stripe.com/testing#authentication-and-setup). */
const AUTHENTICATING_CARDS: Record<string, CardAuthentication> = {
  '4000002500003155': 'unless_set_up',
  '4000002760003184': 'always',
  '4000000000003220': 'always',
  '4000000000003063': 'always',
};

const FUNDING: Record<string, TestCard['funding']> = {
  '4000056655665556': 'debit',
  '5200828282828210': 'debit',
  '5105105105105100': 'prepaid',
};

/** Stripe's international test cards, by country of issue; every other test card is from the US. */
const COUNTRIES: Record<string, string> = {
  '4000000760000002': 'BR',
  '4000001240000000': 'CA',
  '4000004840008001': 'MX',
  '4000000400000008': 'AT',
  '4000000560000004': 'BE',
  '4000002500001001': 'FR',
  '4000002760000016': 'DE',
  '4000008260000000': 'GB',
  '4000003920000003': 'JP',
};

/**
 * Stripe's test payment method ids (https://docs.stripe.com/testing), mapped to the card they stand for. The
 * older spellings (`pm_card_chargeDeclined...`) are kept next to the `pm_card_visa_chargeDeclined...` ones.
 */
export const TEST_PAYMENT_METHOD_CARDS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_mastercard_prepaid: '5105105105105100',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_diners: '3056930009020004',
  pm_card_jcb: '3566002020360505',
  pm_card_unionpay: '6200000000000005',
  pm_card_br: '4000000760000002',
  pm_card_ca: '4000001240000000',
  pm_card_mx: '4000004840008001',
  pm_card_gb: '4000008260000000',
  pm_card_de: '4000002760000016',
  pm_card_fr: '4000002500001001',
  pm_card_jp: '4000003920000003',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_threeDSecureRequired: '4000000000003063',
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
  if (/^3(0[0-5]|[689])/.test(number)) return 'diners';
  if (/^35/.test(number)) return 'jcb';
  if (/^62/.test(number)) return 'unionpay';
  if (/^6(011|5)/.test(number)) return 'discover';
  return 'unknown';
}

/**
 * Describes any card number: Stripe's special test numbers decline or ask for 3D Secure as documented, every
 * other valid number succeeds.
 */
export function describeCard(number: string): TestCard {
  const declines = DECLINING_CARDS[number];
  return {
    number,
    brand: brandOf(number),
    funding: FUNDING[number] ?? 'credit',
    country: COUNTRIES[number] ?? 'US',
    outcome: declines ?? CHARGE_ONLY_DECLINES[number] ?? SUCCEEDS,
    validation: declines ?? SUCCEEDS,
    authentication: AUTHENTICATING_CARDS[number] ?? 'none',
  };
}
