import { globPattern } from '../control/patterns.js';
import { invalidParam, resourceMissing } from '../server/errors.js';
import { newestFirst, paginate } from '../server/list.js';
import { readRangeFilter } from '../server/range-filter.js';
import type { RouteDefinition } from '../server/route.js';

/**
 * `/v1/events`: retrieve, and list newest first, filtered by `type` or `types[]` (exact, or `*` wildcards as in
 * `invoice.*`; Stripe allows one of the two, not both) and `created` (exact or `gt/gte/lt/lte`).
 */
export const eventRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/v1/events/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      const event = ctx.state.events.get(path.id as string);
      if (!event) throw resourceMissing('event', path.id as string);
      return event;
    },
  },
  {
    method: 'GET',
    path: '/v1/events',
    handle: ({ ctx, params }) => {
      const type = params.string('type');
      const types = params.stringArray('types');
      if (type !== undefined && types !== undefined) {
        throw invalidParam('types', 'You cannot pass both type and types: use one of them.');
      }
      if (types !== undefined && types.length > 20) {
        throw invalidParam('types', 'types accepts at most 20 event types.');
      }
      const created = readRangeFilter(params, 'created');
      const patterns = [...(type === undefined ? [] : [type]), ...(types ?? [])].map(globPattern);
      const events = newestFirst(ctx.state.events).filter(
        (event) =>
          (patterns.length === 0 || patterns.some((pattern) => pattern.test(event.type))) &&
          (created === undefined || created(event.created)),
      );
      const list = paginate(events, params, '/v1/events');
      params.finish();
      return list;
    },
  },
];
