/**
 * A stand-in for the billing server at the HTTP boundary: a `fetch` that answers from a queue of responses per
 * route and records every request, so client and component tests need no server. (The checkout tests use the real
 * server and Stripe emulator instead.)
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export type FakeAnswer = Response | Error | (() => Response | Error | Promise<Response | Error>);

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function createFakeBillingFetch(answers: Record<string, FakeAnswer[]>) {
  const requests: RecordedRequest[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const path = url.pathname.replace(/^\/api\/billing/, '');
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, path, headers: new Headers(init?.headers), body });
    const queue = answers[`${method} ${path}`];
    const answer = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (!answer) throw new Error(`No fake answer for ${method} ${path}`);
    const result = typeof answer === 'function' ? await answer() : answer;
    if (result instanceof Error) throw result;
    // A Response body can be read once: hand out a copy so a repeated answer still works.
    return result.clone();
  };
  return { fetch, requests };
}

/** A promise that never settles, for a request that stays in flight. */
export function never(): Promise<never> {
  return new Promise(() => {});
}
