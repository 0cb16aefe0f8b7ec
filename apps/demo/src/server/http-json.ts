import type { ServerResponse } from 'node:http';

/** The demo's error body, the same shape as the billing API's: `{ error: { code, message } }`. */
export interface DemoErrorBody {
  error: { code: string; message: string };
}

/** A JSON Fetch response that no cache keeps. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** A JSON error as a Fetch response. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
) {
  const body: DemoErrorBody = { error: { code, message } };
  return jsonResponse(status, body, headers);
}

/** Writes a JSON answer to a node:http response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
