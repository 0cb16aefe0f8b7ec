import { resourceMissing } from '../server/errors.js';
import { newestFirst, paginate } from '../server/list.js';
import type { RouteDefinition } from '../server/route.js';

/** `/v1/events`: retrieve, list (filter by `type` or `types[]`, `*` wildcards as in `invoice.*`). */
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
      const patterns = [...(type === undefined ? [] : [type]), ...(types ?? [])].map(
        (pattern) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`),
      );
      const events = newestFirst(ctx.state.events).filter(
        (event) => patterns.length === 0 || patterns.some((pattern) => pattern.test(event.type)),
      );
      const list = paginate(events, params, '/v1/events');
      params.finish();
      return list;
    },
  },
];
