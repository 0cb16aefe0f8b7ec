import { ApiError } from './api-error.js';

/** One route the handler serves: a method and a path under the base path. */
export interface RouteDefinition<Handler> {
  method: string;
  path: string;
  handle: Handler;
}

/** Normalises a base path to `/segment/...` without a trailing slash (`''` for the root). */
export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * Finds the route for a request, or throws 404 `not_found` for an unknown path and 405 `method_not_allowed`
 * (with `Allow`) for a known path asked with another method.
 */
export function createRouter<Handler>(basePath: string, routes: RouteDefinition<Handler>[]) {
  const prefix = normalizeBasePath(basePath);
  return function matchRoute(method: string, pathname: string): Handler {
    const relative = pathname.startsWith(`${prefix}/`)
      ? pathname.slice(prefix.length).replace(/\/+$/, '')
      : null;
    const candidates = relative === null ? [] : routes.filter((route) => route.path === relative);
    if (candidates.length === 0) {
      throw new ApiError(404, 'not_found', 'There is no billing route at this address.');
    }
    const route = candidates.find((candidate) => candidate.method === method.toUpperCase());
    if (!route) {
      const allow = candidates.map((candidate) => candidate.method).join(', ');
      throw new ApiError(405, 'method_not_allowed', `This route only accepts ${allow}.`, {
        headers: { allow },
      });
    }
    return route.handle;
  };
}
