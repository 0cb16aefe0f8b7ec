import type { StripeError } from '@stripe/stripe-js';

type FormValue = string | number | boolean | undefined | null | FormObject | FormValue[];
interface FormObject {
  [key: string]: FormValue;
}

/** Stripe's form encoding with bracket notation: `{ card: { number } }` -> `card[number]=...`. */
export function encodeForm(data: FormObject): string {
  const pairs: string[] = [];
  const walk = (prefix: string, value: FormValue) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(`${prefix}[${index}]`, item);
    } else if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(prefix === '' ? key : `${prefix}[${key}]`, item);
    } else {
      pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
    }
  };
  walk('', data);
  return pairs.join('&');
}

/** The answer of one emulator call: the object, or Stripe's error body. */
export type ApiResult<T> = { ok: true; body: T } | { ok: false; error: StripeError };

/** Calls the emulator with the publishable key, as Stripe.js calls api.stripe.com. */
export class BrowserApiClient {
  constructor(
    private readonly apiBase: string,
    private readonly publishableKey: string,
    /** Looked up per call when absent, so a page that swaps `globalThis.fetch` (a test's mock) is honoured. */
    private readonly fetchImpl?: typeof fetch,
  ) {}

  /** GET with a query string or POST with a form body; network failures become `api_connection_error`. */
  async request<T>(method: 'GET' | 'POST', path: string, data: FormObject = {}): Promise<ApiResult<T>> {
    const encoded = encodeForm(data);
    const url = `${this.apiBase.replace(/\/$/, '')}${path}${method === 'GET' && encoded ? `?${encoded}` : ''}`;
    let response: Response;
    try {
      response = await (this.fetchImpl ?? globalThis.fetch)(url, {
        method,
        headers: {
          Authorization: `Bearer ${this.publishableKey}`,
          ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'POST' ? { body: encoded } : {}),
      });
    } catch {
      return {
        ok: false,
        error: {
          type: 'api_connection_error',
          message: `Could not reach the Stripe emulator at ${this.apiBase}. Is it running (billing-kit-stripe-emulator)?`,
        },
      };
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return { ok: true, body: body as T };
    const error = (body as { error?: StripeError } | null)?.error;
    return {
      ok: false,
      error: error ?? { type: 'api_error', message: `The Stripe emulator answered HTTP ${response.status}.` },
    };
  }
}
