import type { IncomingMessage } from 'node:http';
import qs from 'qs';
import { StripeApiError } from './errors.js';
import type { RawParams } from './params.js';

const MAX_BODY_BYTES = 1_000_000;

/** Reads the whole request body as UTF-8 (bounded: Stripe requests are small). */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        message: `Request body too large: the emulator reads at most ${MAX_BODY_BYTES} bytes, as Stripe requests are small. Send fewer or shorter parameters.`,
      });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Decodes Stripe's form encoding with bracket notation (`items[0][price]=price_x&expand[]=latest_invoice`) into
 * nested objects and arrays. Values stay strings; routes convert them.
 */
export function decodeForm(encoded: string): RawParams {
  return qs.parse(encoded, {
    depth: 10,
    arrayLimit: 1000,
    parameterLimit: 10_000,
    allowPrototypes: false,
    ignoreQueryPrefix: true,
  }) as RawParams;
}

/** Rejects JSON bodies with a message that says what Stripe expects instead. */
export function checkContentType(contentType: string | undefined, body: string): void {
  if (body === '' || contentType === undefined) return;
  if (contentType.includes('application/json')) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      message:
        'Invalid request: Stripe takes application/x-www-form-urlencoded bodies with bracket notation ' +
        '(card[number]=4242...), not JSON.',
    });
  }
}
