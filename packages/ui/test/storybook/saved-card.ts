import type { PaymentMethodSummary } from '@billing-kit/core';

/**
 * A saved card as the wallet lists it (a Visa expiring 12/2034 unless `card` says otherwise); its last four digits
 * pick the Stripe test card it behaves like in the in-memory billing: 4242 pays, 0341 is declined, 3155 asks for
 * 3D Secure.
 */
export function savedCard(
  card: Partial<PaymentMethodSummary> & Pick<PaymentMethodSummary, 'id' | 'last4'>,
): PaymentMethodSummary {
  return {
    brand: 'visa',
    expMonth: 12,
    expYear: 2034,
    isDefault: false,
    expired: false,
    expiresSoon: false,
    ...card,
  };
}
