import type Stripe from 'stripe';
import { API_VERSION } from '../api-version.js';
import type { EmulatorContext } from '../context.js';
import { createId, randomToken } from '../ids.js';
import { invalidParam, resourceMissing } from '../server/errors.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';

function getEndpoint(ctx: EmulatorContext, id: string): Stripe.WebhookEndpoint {
  const endpoint = ctx.state.webhookEndpoints.get(id);
  if (!endpoint) throw resourceMissing('webhook_endpoint', id);
  return endpoint;
}

function readUrl(params: ParamReader, required: boolean): string | undefined {
  const url = params.string('url', { required });
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw invalidParam('url', `Invalid URL: ${url}. Use an http:// or https:// URL the emulator can reach.`);
  }
  return url;
}

function readEnabledEvents(params: ParamReader, required: boolean): string[] | undefined {
  const events = params.stringArray('enabled_events', { required });
  if (events === undefined) return undefined;
  if (events.length === 0) throw invalidParam('enabled_events', 'Missing required param: enabled_events.');
  for (const [index, type] of events.entries()) {
    if (type !== '*' && !/^[a-z_]+(\.[a-z_]+)+$/.test(type)) {
      throw invalidParam(
        `enabled_events[${index}]`,
        `Invalid event type: ${type}. Use '*' or a type like 'invoice.paid'.`,
      );
    }
  }
  return events;
}

/** `/v1/webhook_endpoints`: create (returns the `whsec_` secret once), retrieve, update, list, delete. */
export const webhookEndpointRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/webhook_endpoints',
    handle: ({ ctx, params }) => {
      const url = readUrl(params, true) as string;
      const enabledEvents = readEnabledEvents(params, true) as string[];
      const description = params.string('description');
      const apiVersion = params.string('api_version');
      const metadata = mergeMetadata({}, params.metadata());
      params.finish();
      const endpoint: Stripe.WebhookEndpoint = {
        id: createId('we'),
        object: 'webhook_endpoint',
        api_version: apiVersion ?? API_VERSION,
        application: null,
        created: ctx.clock.now(),
        description: description ?? null,
        enabled_events: enabledEvents,
        livemode: false,
        metadata,
        status: 'enabled',
        url,
      };
      const secret = `whsec_${randomToken(32)}`;
      ctx.state.webhookEndpoints.set(endpoint.id, endpoint);
      ctx.state.webhookSecrets.set(endpoint.id, secret);
      // Only the create response carries the secret, as in Stripe.
      return { ...endpoint, secret };
    },
  },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getEndpoint(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints/:id',
    handle: ({ ctx, params, path }) => {
      const endpoint = getEndpoint(ctx, path.id as string);
      const url = readUrl(params, false);
      const enabledEvents = readEnabledEvents(params, false);
      const description = params.string('description');
      const disabled = params.boolean('disabled');
      const metadata = params.metadata();
      params.finish();
      if (url !== undefined) endpoint.url = url;
      if (enabledEvents !== undefined) endpoint.enabled_events = enabledEvents;
      if (description !== undefined) endpoint.description = description;
      if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
      endpoint.metadata = mergeMetadata(endpoint.metadata, metadata);
      return endpoint;
    },
  },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints',
    handle: ({ ctx, params }) => {
      const list = paginate(newestFirst(ctx.state.webhookEndpoints), params, '/v1/webhook_endpoints');
      params.finish();
      return list;
    },
  },
  {
    method: 'DELETE',
    path: '/v1/webhook_endpoints/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      const endpoint = getEndpoint(ctx, path.id as string);
      ctx.state.webhookEndpoints.delete(endpoint.id);
      ctx.state.webhookSecrets.delete(endpoint.id);
      const deleted: Stripe.DeletedWebhookEndpoint = {
        id: endpoint.id,
        object: 'webhook_endpoint',
        deleted: true,
      };
      return deleted;
    },
  },
];
