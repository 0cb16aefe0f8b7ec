import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** A Fetch handler, such as `createBilling(...).handler`. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** A request as Express leaves it after a body parser may have run. */
type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

function toHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function toBody(request: NodeRequest): BodyInit | null {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  // `express.raw()` or `express.text()` already read the stream: their result still holds the exact bytes.
  if (Buffer.isBuffer(request.body)) return new Uint8Array(request.body);
  if (typeof request.body === 'string') return request.body;
  if (request.readableEnded) {
    throw new Error(
      'billing-kit: the request body was already consumed by a body parser (e.g. express.json()). Mount the billing ' +
        'handler before it, or use express.raw({ type: "*/*" }) on its path: webhook signatures need the raw bytes.',
    );
  }
  // Streamed, not buffered: the handler enforces its body size limit while reading.
  return Readable.toWeb(request) as ReadableStream<Uint8Array>;
}

/** Builds the Fetch `Request` for a Node request, keeping the body bytes untouched. */
export function toFetchRequest(request: NodeRequest, signal?: AbortSignal): Request {
  const host = request.headers.host ?? 'localhost';
  const protocol = (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  // Express strips the mount path from `url`; routing needs the full path.
  const url = new URL(request.originalUrl ?? request.url ?? '/', `${protocol}://${host}`);
  const body = toBody(request);
  return new Request(url, {
    method: request.method ?? 'GET',
    headers: toHeaders(request),
    body,
    ...(signal ? { signal } : {}),
    // Required by Node's fetch for a streamed request body.
    ...(body === null ? {} : { duplex: 'half' }),
  } as RequestInit);
}

/** Writes a Fetch `Response` to a Node response, streaming the body. */
export async function writeFetchResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (response.body === null) {
    res.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
  }
  res.end();
}

/**
 * Turns a Fetch handler into a `node:http` / Express request listener. The request body reaches the handler as the
 * exact bytes received, so Stripe webhook signatures verify.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { toNodeHandler } from '@billing-kit/server/node';
 * createServer(toNodeHandler(billing.handler)).listen(3000);
 * // Express: app.all('/api/billing/*', toNodeHandler(billing.handler)), before express.json().
 */
export function toNodeHandler(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    void (async () => {
      try {
        const response = await handler(toFetchRequest(req, abort.signal));
        // Answered before the whole body arrived (a 413): the client is still uploading and waits for its bytes to
        // be read. Drain them and close the connection after the answer, so neither this request nor the next one
        // on a kept-alive connection hangs.
        if (!req.complete) res.setHeader('connection', 'close');
        await writeFetchResponse(response, res);
        if (!req.complete) req.resume();
      } catch (error) {
        console.error('billing-kit:', error);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(
            JSON.stringify({
              error: {
                code: 'internal_error',
                message: 'Something went wrong on our side. Please try again later.',
              },
            }),
          );
        } else {
          res.destroy();
        }
      }
    })();
  };
}
