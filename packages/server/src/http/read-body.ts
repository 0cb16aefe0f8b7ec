import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** Largest JSON body a route accepts. Every request body of the API is a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

function tooLarge(maxBytes: number) {
  return new ApiError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

/**
 * Reads the raw body bytes, refusing with 413 as soon as they exceed `maxBytes` so that an oversized body is never
 * buffered whole.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array(new ArrayBuffer(0));

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The dotted path of the first offending field of a zod error. */
function firstInvalidField(error: z.ZodError): { field: string | undefined; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: undefined, message: 'The request body is invalid.' };
  // Unknown keys (strict schemas) are reported on the parent object: name the key itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  const message =
    issue.code === 'unrecognized_keys'
      ? `The field "${field}" is not accepted.`
      : `The field "${field ?? 'body'}" is invalid: ${issue.message}.`;
  return { field, message };
}

/**
 * The path of the first key or string holding U+0000, or null. PostgreSQL text cannot store that character, so an
 * id carrying it made the store's lookup fail (a 500); no field of this API can legitimately hold one.
 */
function pathOfNulCharacter(root: unknown): string[] | null {
  // Iterative: a 64 KB body can nest thousands of levels deep, too deep for recursion.
  const pending: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return [...path, key];
        pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

/**
 * Reads a JSON body and validates it with a core schema. Refuses with 413 when too large, 400 `invalid_request`
 * when it is not JSON (or not sent as `application/json`), and 400 naming `field` when it fails the schema.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  maxBytes = MAX_JSON_BODY_BYTES,
): Promise<z.output<Schema>> {
  const bytes = await readBodyBytes(request, maxBytes);
  // Requiring the JSON content type keeps plain cross-site form posts (no CORS preflight) from reaching a write.
  const contentType = request.headers.get('content-type') ?? '';
  if (bytes.byteLength > 0 && !/^application\/json\b/i.test(contentType.trim())) {
    throw new ApiError(
      400,
      'invalid_request',
      'Send the request body as JSON with Content-Type: application/json.',
    );
  }

  let parsed: unknown = {};
  if (bytes.byteLength > 0) {
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw new ApiError(400, 'invalid_request', 'The request body is not valid JSON.');
    }
  }

  const nulAt = pathOfNulCharacter(parsed);
  if (nulAt !== null) {
    const field = nulAt.join('.');
    throw new ApiError(400, 'invalid_request', `The field "${field || 'body'}" contains a NUL character.`, {
      ...(field === '' ? {} : { field }),
    });
  }

  const result = schema.safeParse(parsed);
  if (!result.success) {
    const { field, message } = firstInvalidField(result.error);
    throw new ApiError(400, 'invalid_request', message, field === undefined ? {} : { field });
  }
  return result.data;
}
