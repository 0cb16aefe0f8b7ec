import { StripeApiError } from './errors.js';
import type { RouteDefinition } from './route.js';

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

/** A matched route and its path parameters. */
export interface RouteMatch {
  route: RouteDefinition;
  path: Record<string, string>;
}

/** Matches `METHOD /v1/...` against the route table; unknown URLs are 404 in Stripe's envelope. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly RouteDefinition[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  /** The route for `method` and `pathname`, or a 404 `resource_missing` error. */
  match(method: string, pathname: string): RouteMatch {
    for (const { route, pattern, names } of this.compiled) {
      if (route.method !== method) continue;
      const found = pattern.exec(pathname);
      if (!found) continue;
      const path: Record<string, string> = {};
      names.forEach((name, index) => {
        path[name] = decodeURIComponent(found[index + 1] as string);
      });
      return { route, path };
    }
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message:
        `Unrecognized request URL (${method}: ${pathname}). The Stripe emulator may not support this endpoint yet: ` +
        'see packages/stripe-emulator/README.md for the supported routes.',
    });
  }
}
