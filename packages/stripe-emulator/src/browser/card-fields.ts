import { passesLuhn } from '../resources/test-cards.js';

/** The four inputs of the fake Payment Element. */
export type CardFieldKey = 'number' | 'expiry' | 'cvc' | 'postalCode';

/** How complete one field is, and Stripe's message when it is not. */
export type FieldStatus =
  | { state: 'empty' | 'incomplete' | 'invalid'; code: string; message: string }
  | { state: 'complete' };

/** Label, autocomplete hint and placeholder of each field; the labels are what Stripe's Payment Element shows. */
export const CARD_FIELDS: ReadonlyArray<{
  key: CardFieldKey;
  label: string;
  autocomplete: string;
  placeholder: string;
}> = [
  { key: 'number', label: 'Card number', autocomplete: 'cc-number', placeholder: '1234 1234 1234 1234' },
  { key: 'expiry', label: 'Expiration date', autocomplete: 'cc-exp', placeholder: 'MM / YY' },
  { key: 'cvc', label: 'Security code', autocomplete: 'cc-csc', placeholder: 'CVC' },
  { key: 'postalCode', label: 'Postal code', autocomplete: 'postal-code', placeholder: '12345' },
];

function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

function isAmex(number: string): boolean {
  return /^3[47]/.test(number);
}

/** Formats what was typed the way Stripe's inputs do: `4242 4242 4242 4242`, `12 / 34`. */
export function formatField(key: CardFieldKey, value: string, cardNumber: string): string {
  if (key === 'number') {
    const digits = digitsOf(value).slice(0, isAmex(digitsOf(value)) ? 15 : 19);
    const groups = isAmex(digits) ? [4, 6, 5] : [4, 4, 4, 4, 3];
    const parts: string[] = [];
    let start = 0;
    for (const size of groups) {
      if (start >= digits.length) break;
      parts.push(digits.slice(start, start + size));
      start += size;
    }
    return parts.join(' ');
  }
  if (key === 'expiry') {
    let digits = digitsOf(value).slice(0, 4);
    // "4" can only mean April: Stripe pads it so the customer can go on with the year.
    if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
    return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
  }
  if (key === 'cvc') return digitsOf(value).slice(0, isAmex(digitsOf(cardNumber)) ? 4 : 3);
  return value.slice(0, 10);
}

/** Checks one field with Stripe's codes and plain messages. `now` decides whether an expiry is in the past. */
export function checkField(key: CardFieldKey, value: string, cardNumber: string, now: Date): FieldStatus {
  if (key === 'number') {
    const digits = digitsOf(value);
    const incomplete = { code: 'incomplete_number', message: 'Your card number is incomplete.' };
    if (digits === '') return { state: 'empty', ...incomplete };
    const needed = isAmex(digits) ? 15 : 16;
    if (digits.length < needed) return { state: 'incomplete', ...incomplete };
    if (!passesLuhn(digits))
      return { state: 'invalid', code: 'invalid_number', message: 'Your card number is invalid.' };
    return { state: 'complete' };
  }
  if (key === 'expiry') {
    const digits = digitsOf(value);
    const incomplete = { code: 'incomplete_expiry', message: "Your card's expiration date is incomplete." };
    if (digits === '') return { state: 'empty', ...incomplete };
    if (digits.length < 4) return { state: 'incomplete', ...incomplete };
    const month = Number(digits.slice(0, 2));
    const year = 2000 + Number(digits.slice(2, 4));
    if (month < 1 || month > 12) {
      return {
        state: 'invalid',
        code: 'invalid_expiry_month',
        message: "Your card's expiration date is invalid.",
      };
    }
    const nowYear = now.getFullYear();
    if (year < nowYear || (year === nowYear && month < now.getMonth() + 1)) {
      return {
        state: 'invalid',
        code: 'invalid_expiry_year_past',
        message: "Your card's expiration year is in the past.",
      };
    }
    return { state: 'complete' };
  }
  if (key === 'cvc') {
    const digits = digitsOf(value);
    const incomplete = { code: 'incomplete_cvc', message: "Your card's security code is incomplete." };
    if (digits === '') return { state: 'empty', ...incomplete };
    if (digits.length < (isAmex(digitsOf(cardNumber)) ? 4 : 3)) return { state: 'incomplete', ...incomplete };
    return { state: 'complete' };
  }
  const trimmed = value.trim();
  const incomplete = { code: 'incomplete_zip', message: 'Your postal code is incomplete.' };
  if (trimmed === '') return { state: 'empty', ...incomplete };
  if (trimmed.length < 3) return { state: 'incomplete', ...incomplete };
  return { state: 'complete' };
}

/** The raw card values to send to `POST /v1/payment_methods`. */
export function cardParams(values: Record<CardFieldKey, string>): {
  number: string;
  exp_month: string;
  exp_year: string;
  cvc: string;
} {
  const expiry = digitsOf(values.expiry);
  return {
    number: digitsOf(values.number),
    exp_month: expiry.slice(0, 2),
    exp_year: `20${expiry.slice(2, 4)}`,
    cvc: digitsOf(values.cvc),
  };
}
