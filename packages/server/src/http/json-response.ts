import type { z } from 'zod';
import type { ApiError } from './api-error.js';

// Billing answers are per customer: no shared cache may keep them.
const baseHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...baseHeaders, ...headers } });
}

/**
 * A JSON response whose body is first checked against the route's response schema from core, so the server can
 * never answer something the client would reject.
 */
export function contractResponse<Schema extends z.ZodType>(
  schema: Schema,
  body: z.input<Schema>,
  status = 200,
): Response {
  return jsonResponse(schema.parse(body), status);
}

/** The response for an {@link ApiError}. */
export function errorResponse(error: ApiError): Response {
  return jsonResponse(error.toBody(), error.status, error.details.headers);
}
