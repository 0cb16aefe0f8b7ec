import { StripeApiError } from './errors.js';
import type { KeyKind } from './route.js';

function unauthorized(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message });
}

function keyFrom(header: string): string | undefined {
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    // curl -u sk_test_...: sends the key as the basic-auth user name.
    return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  }
  return undefined;
}

/**
 * The kind of test-mode key in the `Authorization` header. Any `sk_test_`/`rk_test_` key is a secret key and any
 * `pk_test_` key a publishable one; the key itself is never echoed back.
 */
export function authenticate(authorization: string | undefined): KeyKind {
  if (authorization === undefined || authorization.trim() === '') {
    throw unauthorized(
      'You did not provide an API key. You need to provide your API key in the Authorization header, ' +
        "using Bearer auth (e.g. 'Authorization: Bearer sk_test_...'). The emulator accepts any test-mode key.",
    );
  }
  const key = keyFrom(authorization);
  if (key !== undefined && /^(sk|rk)_test_\w+$/.test(key)) return 'secret';
  if (key !== undefined && /^pk_test_\w+$/.test(key)) return 'publishable';
  if (key !== undefined && /^(sk|rk|pk)_live_/.test(key)) {
    throw unauthorized(
      'The Stripe emulator only accepts test-mode keys: use an sk_test_... or pk_test_... key.',
    );
  }
  throw unauthorized(
    'Invalid API Key provided. Use Bearer auth with any sk_test_... key (server calls) or pk_test_... key ' +
      '(Stripe.js calls).',
  );
}

/** 401 for a publishable key on a route that needs a secret key. */
export function publishableKeyNotAllowed(): StripeApiError {
  return unauthorized(
    'This API call cannot be made with a publishable API key. Please use a secret API key (sk_test_...).',
  );
}
