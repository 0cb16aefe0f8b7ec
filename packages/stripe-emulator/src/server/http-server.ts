import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_VERSION } from '../api-version.js';
import type { EmulatorContext } from '../context.js';
import { CONTROL_PREFIX, handleControlRequest } from '../control/control-routes.js';
import type { EmulatorControl } from '../control/emulator-control.js';
import type { RequestFaults } from '../control/request-faults.js';
import { handleHostedRequest, isHostedPath } from '../hosted/hosted-routes.js';
import { randomToken } from '../ids.js';
import { authenticate, publishableKeyNotAllowed } from './auth.js';
import { applyCors } from './cors.js';
import { StripeApiError } from './errors.js';
import { applyExpand, snapshot } from './expand.js';
import { checkContentType, decodeForm, readBody } from './form-body.js';
import type { IdempotencyStore } from './idempotency.js';
import { ParamReader } from './params.js';
import type { Router } from './router.js';

interface Reply {
  status: number;
  body: string;
}

function send(response: ServerResponse, reply: Reply, requestId: string, replayed = false): void {
  response.statusCode = reply.status;
  response.setHeader('Content-Type', 'application/json');
  response.setHeader('Request-Id', requestId);
  response.setHeader('Stripe-Version', API_VERSION);
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
  response.end(reply.body);
}

function errorReply(error: StripeApiError): Reply {
  return { status: error.status, body: JSON.stringify({ error: error.body }, null, 2) };
}

/** Validation failures are not saved under an idempotency key (Stripe only saves requests that ran). */
function worthSaving(reply: Reply, error: StripeApiError | undefined): boolean {
  if (reply.status >= 500 || reply.status === 401) return false;
  return !(error?.body.code?.startsWith('parameter_') ?? false);
}

/** What the HTTP layer dispatches to. */
export interface ApiServerDependencies {
  ctx: EmulatorContext;
  router: Router;
  idempotency: IdempotencyStore;
  /** Armed failures and delays for the next `/v1` requests. */
  requestFaults: RequestFaults;
  /** The `/_emulator/*` control routes. */
  control: EmulatorControl;
}

/** Answers a `/_emulator/*` control request (JSON in, JSON out). */
async function handleControl(
  request: IncomingMessage,
  response: ServerResponse,
  control: EmulatorControl,
  method: string,
  pathname: string,
): Promise<void> {
  const body = await readBody(request).catch(() => '');
  const reply = await handleControlRequest(control, method, pathname, body, request.headers['content-type']);
  response.statusCode = reply.status;
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify(reply.body, null, 2));
}

/** Handles one request end to end: CORS, auth, routing, decoding, idempotency, the handler and `expand`. */
async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  deps: ApiServerDependencies,
): Promise<void> {
  const { ctx, router, idempotency, requestFaults } = deps;
  const requestId = `req_${randomToken(14)}`;
  if (applyCors(request, response)) return;
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    await handleControl(request, response, deps.control, method, url.pathname);
    return;
  }
  if (isHostedPath(url.pathname)) {
    const hosted = handleHostedRequest(ctx.state, method, url.pathname);
    response.statusCode = hosted.status;
    response.setHeader('Content-Type', hosted.contentType);
    response.end(hosted.body);
    return;
  }
  const idempotencyKey = method === 'POST' ? request.headers['idempotency-key'] : undefined;
  const key = typeof idempotencyKey === 'string' && idempotencyKey !== '' ? idempotencyKey : undefined;
  let body = '';
  try {
    body = await readBody(request);
    const delayMs = requestFaults.takeDelay(method, url.pathname);
    if (delayMs !== undefined) await sleep(delayMs);
    const injected = requestFaults.takeFailure(method, url.pathname);
    if (injected !== undefined) {
      if (injected.shouldRetry !== undefined)
        response.setHeader('Stripe-Should-Retry', String(injected.shouldRetry));
      const { status, shouldRetry: _shouldRetry, ...error } = injected;
      send(response, errorReply(new StripeApiError(status, error)), requestId);
      return;
    }
    const keyKind = authenticate(request.headers.authorization);
    const { route, path } = router.match(method, url.pathname);
    if (keyKind === 'publishable' && !route.allowPublishableKey) throw publishableKeyNotAllowed();
    checkContentType(request.headers['content-type'], body);
    if (key !== undefined) {
      const replay = idempotency.lookup(key, method, url.pathname, body);
      if (replay) {
        send(response, replay, requestId, true);
        return;
      }
    }
    const raw = method === 'POST' ? decodeForm(body) : decodeForm(url.search);
    const params = new ParamReader(raw);
    const expand = params.stringArray('expand') ?? [];
    let reply: Reply;
    let failure: StripeApiError | undefined;
    try {
      const result = snapshot(route.handle({ ctx, params, path, keyKind }));
      applyExpand(ctx.state, result, expand);
      reply = { status: 200, body: JSON.stringify(result, null, 2) };
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      failure = error;
      reply = errorReply(error);
    }
    if (key !== undefined && worthSaving(reply, failure)) {
      idempotency.save(key, {
        method,
        path: url.pathname,
        body,
        status: reply.status,
        responseBody: reply.body,
      });
    }
    send(response, reply, requestId);
  } catch (error) {
    if (error instanceof StripeApiError) {
      send(response, errorReply(error), requestId);
      return;
    }
    // A bug in the emulator: say so plainly rather than pretending to be a Stripe outage.
    console.error(`[stripe-emulator] ${method} ${url.pathname} failed:`, error);
    send(
      response,
      errorReply(
        new StripeApiError(500, {
          type: 'api_error',
          message: `The Stripe emulator failed on ${method} ${url.pathname}: ${(error as Error).message}`,
        }),
      ),
      requestId,
    );
  }
}

/** A node:http server answering the Stripe API from the emulator's state. */
export function createApiServer(deps: ApiServerDependencies): Server {
  return createServer((request, response) => {
    void handleRequest(request, response, deps).catch((error: unknown) => {
      // Only reachable for a failure outside the API envelope (control routes, hosted pages): answer, never hang.
      console.error(`[stripe-emulator] ${request.method} ${request.url} failed:`, error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
}
