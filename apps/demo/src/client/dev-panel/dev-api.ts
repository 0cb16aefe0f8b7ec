import type { SubscriptionSummary } from '@billing-kit/core';

/** A subscription as Stripe (or the emulator) holds it, read through the SDK by the demo server. */
export interface StripeSubscriptionView {
  id: string;
  status: string;
  priceId: string;
  quantity: number;
  /** Unix seconds. */
  currentPeriodEnd: number;
  cancelAtPeriodEnd: boolean;
  /** The subscription schedule carrying a change at the period end, if any. */
  scheduleId: string | null;
}

/** One row of the billing server's webhook ledger. */
export interface LedgerEntry {
  id: string;
  type: string;
  receivedAt: string | number;
  appliedAt: string | number | null;
  attempts: number;
  lastError: string | null;
}

/** `GET /demo/dev/state`: everything the developer panel shows, for the signed-in user's organisation. */
export interface DevState {
  org: { id: string; name: string };
  customerId: string | null;
  /** The organisation's test clock; `frozenTime` in unix seconds. */
  clock: { frozenTime: number } | null;
  /** What the billing server's store holds. */
  mirror: SubscriptionSummary[];
  /** What Stripe holds. */
  stripe: StripeSubscriptionView[];
  /** Newest first, at most 50. */
  ledger: LedgerEntry[];
  entitlements: { features: string[]; status: string | null };
}

/** The panel's actions, each a `POST /demo/dev/<action>`. */
export type DevAction =
  | { type: 'advance'; by: 'day' | 'month' }
  | { type: 'fail-next-renewal' }
  | { type: 'reset' };

/** A refusal of the dev API, carrying the server's plain-words message. */
export class DevApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'DevApiError';
    this.status = status;
  }
}

/** The dev API is same-origin: the session cookie names the user, and so the organisation. */
async function send(path: string, init?: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new DevApiError(0, 'The demo server did not answer. Is it still running?');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new DevApiError(response.status, errorMessage(response.status, body));
  return body;
}

function errorMessage(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const { error, message } = body as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof error === 'object' && typeof error?.message === 'string') return error.message;
    if (typeof error === 'string') return error;
    if (typeof message === 'string') return message;
  }
  if (status === 404)
    return 'The developer tools are not available (they only run offline, against the emulator).';
  return `The demo server answered ${status}.`;
}

/** Reads the organisation's clock, mirror, Stripe view, webhook ledger and entitlements. */
export async function fetchDevState(): Promise<DevState> {
  return (await send('/demo/dev/state')) as DevState;
}

/** Runs one panel action. Resolves the new state, or null after a reset (the page reloads then). */
export async function runDevAction(action: DevAction): Promise<DevState | null> {
  const post = (path: string, body?: unknown) =>
    send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  switch (action.type) {
    case 'advance':
      return (await post('/demo/dev/advance', { by: action.by })) as DevState;
    case 'fail-next-renewal':
      return (await post('/demo/dev/fail-next-renewal')) as DevState;
    case 'reset':
      await post('/demo/dev/reset');
      return null;
  }
}
