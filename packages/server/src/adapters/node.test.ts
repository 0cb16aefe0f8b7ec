import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeHandler } from './node.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeHandler', () => {
  it('hands the handler the exact body bytes, method, URL and headers', async () => {
    let seen: { method: string; url: string; header: string | null; bytes: number[] } | undefined;
    const url = await listen(
      toNodeHandler(async (request) => {
        seen = {
          method: request.method,
          url: request.url,
          header: request.headers.get('stripe-signature'),
          bytes: [...new Uint8Array(await request.arrayBuffer())],
        };
        return new Response(null, { status: 204 });
      }),
    );
    // Bytes that a text decode and re-encode would change: invalid UTF-8, a BOM, CRLF.
    const body = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0xff, 0xfe, 0x0d, 0x0a, 0x7d]);
    const response = await fetch(`${url}/api/billing/webhooks?x=1`, {
      method: 'POST',
      headers: { 'stripe-signature': 't=1,v1=abc' },
      body,
    });
    expect(response.status).toBe(204);
    expect(seen).toEqual({
      method: 'POST',
      url: `${url}/api/billing/webhooks?x=1`,
      header: 't=1,v1=abc',
      bytes: [...body],
    });
  });

  it('writes status, headers, every cookie and the body of the Response', async () => {
    const url = await listen(
      toNodeHandler(async () => {
        const headers = new Headers({ 'content-type': 'application/json', allow: 'GET' });
        headers.append('set-cookie', 'a=1');
        headers.append('set-cookie', 'b=2');
        return new Response('{"ok":true}', { status: 405, headers });
      }),
    );
    const response = await fetch(`${url}/anything`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers 500 without internals when the handler throws', async () => {
    const url = await listen(
      toNodeHandler(async () => {
        throw new Error('secret internals');
      }),
    );
    const original = console.error;
    console.error = () => {};
    try {
      const response = await fetch(`${url}/x`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain('secret internals');
      expect(JSON.parse(text).error.code).toBe('internal_error');
    } finally {
      console.error = original;
    }
  });

  it('uses a body an Express raw parser already read, and uses the mount-independent original URL', async () => {
    let bytes: string | undefined;
    let seenUrl: string | undefined;
    const handler = toNodeHandler(async (request) => {
      bytes = await request.text();
      seenUrl = new URL(request.url).pathname;
      return new Response(null, { status: 204 });
    });
    const url = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        // What express.raw() and a mounted router leave behind.
        Object.assign(req, { body: Buffer.concat(chunks), originalUrl: req.url, url: '/webhooks' });
        handler(req, res);
      });
    });
    const response = await fetch(`${url}/api/billing/webhooks`, { method: 'POST', body: '{"raw":true}' });
    expect(response.status).toBe(204);
    expect(bytes).toBe('{"raw":true}');
    expect(seenUrl).toBe('/api/billing/webhooks');
  });
});
