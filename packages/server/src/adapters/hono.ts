import { DEFAULT_BASE_PATH } from '@billing-kit/core';

/** What the Hono adapter needs from `createBilling(...)`. */
export interface FetchBilling {
  handler: (request: Request) => Promise<Response>;
}

/**
 * The part of a Hono app the adapter uses (structural, so `hono` stays the host's dependency, not billing-kit's).
 * Hono's `Context` exposes the untouched Fetch request as `c.req.raw`.
 */
export interface HonoLike {
  all(path: string, handler: (context: { req: { raw: Request } }) => Response | Promise<Response>): unknown;
}

/**
 * Mounts the billing API on a Hono app under `basePath` (default `/api/billing`, the same as `createBilling`'s). The
 * handler gets Hono's raw request, so nothing has parsed the body and webhook signatures verify.
 *
 * @example
 * import { Hono } from 'hono';
 * import { mountBilling } from '@billing-kit/server/hono';
 * const app = new Hono();
 * mountBilling(app, billing);
 * export default app;
 */
export function mountBilling<App extends HonoLike>(
  app: App,
  billing: FetchBilling,
  options: { basePath?: string } = {},
): App {
  const basePath = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  app.all(`${basePath}/*`, (context) => billing.handler(context.req.raw));
  return app;
}
