import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string, the shape of the tail of Stripe ids and secrets. */
export function randomToken(length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** A new Stripe-looking id: `createId('cus')` -> `cus_Q2x...`. */
export function createId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}
