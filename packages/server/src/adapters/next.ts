/** What the Next.js adapter needs from `createBilling(...)`. */
export interface FetchBilling {
  handler: (request: Request) => Promise<Response>;
}

/** A Next.js App Router route handler. Next passes a second `context` argument, which billing-kit does not need. */
export type NextRouteHandler = (request: Request) => Promise<Response>;

/** The route handlers of one App Router `route.ts`, one per HTTP method. */
export interface NextHandlers {
  GET: NextRouteHandler;
  POST: NextRouteHandler;
  PUT: NextRouteHandler;
  PATCH: NextRouteHandler;
  DELETE: NextRouteHandler;
}

/**
 * Next.js App Router route handlers for the billing API. Put them in a catch-all route under the base path, e.g.
 * `app/api/billing/[...path]/route.ts`. Next hands the handler the untouched request, so webhook signatures verify
 * on the raw bytes; keep the route on the Node.js runtime or the edge (webhooks then verify with Web Crypto).
 *
 * @example
 * // app/api/billing/[...path]/route.ts
 * import { toNextHandlers } from '@billing-kit/server/next';
 * import { billing } from '@/lib/billing';
 * export const dynamic = 'force-dynamic'; // per-customer answers: never prerender or cache
 * export const { GET, POST, PUT, PATCH, DELETE } = toNextHandlers(billing);
 */
export function toNextHandlers(billing: FetchBilling): NextHandlers {
  const handle: NextRouteHandler = (request) => billing.handler(request);
  return { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle };
}
