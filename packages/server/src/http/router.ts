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

/** Values of a route's `:name` path segments, e.g. `{ id: 'sub_123' }` for `/subscriptions/:id/cancel`. */
export type RouteParams = Readonly<Record<string, string>>;

/** The route a request matched and the values of its path parameters. */
export interface RouteMatch<Handler> {
  handle: Handler;
  params: RouteParams;
}

// A parameter is one whole segment; ids are never allowed to carry slashes or be empty.
function matchPath(pattern: string, path: string): Record<string, string> | null {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] as string;
    if (segment.startsWith(':')) {
      if (value === '') return null;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}

/**
 * Finds the route for a request, or throws 404 `not_found` for an unknown path and 405 `method_not_allowed`
 * (with `Allow`) for a known path asked with another method. Paths may hold `:name` segments; a literal path wins
 * over a parameterised one (`/subscriptions/preview` before `/subscriptions/:id`).
 */
export function createRouter<Handler>(basePath: string, routes: RouteDefinition<Handler>[]) {
  const prefix = normalizeBasePath(basePath);
  return function matchRoute(method: string, pathname: string): RouteMatch<Handler> {
    const relative = pathname.startsWith(`${prefix}/`)
      ? pathname.slice(prefix.length).replace(/\/+$/, '')
      : null;
    const exact = relative === null ? [] : routes.filter((route) => route.path === relative);
    const candidates =
      exact.length > 0 || relative === null
        ? exact.map((route) => ({ route, params: {} }))
        : routes.flatMap((route) => {
            const params = matchPath(route.path, relative);
            return params === null ? [] : [{ route, params }];
          });
    if (candidates.length === 0) {
      throw new ApiError(404, 'not_found', 'There is no billing route at this address.');
    }
    const found = candidates.find((candidate) => candidate.route.method === method.toUpperCase());
    if (!found) {
      const allow = [...new Set(candidates.map((candidate) => candidate.route.method))].join(', ');
      throw new ApiError(405, 'method_not_allowed', `This route only accepts ${allow}.`, {
        headers: { allow },
      });
    }
    return { handle: found.route.handle, params: found.params };
  };
}
