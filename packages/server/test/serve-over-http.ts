import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '../src/adapters/node.js';

/** A Fetch handler behind a real node:http server (through the package's own adapter), on a free port. */
export interface ServedHandler {
  /** `http://127.0.0.1:<port>`: append the handler's paths (e.g. `/api/billing/catalog`). */
  origin: string;
  close(): Promise<void>;
}

/** Serves `handler` over HTTP so requests cross the network and the Node adapter, as in production. */
export async function serveOverHttp(
  handler: (request: Request) => Promise<Response>,
): Promise<ServedHandler> {
  const server: Server = createServer(toNodeHandler(handler));
  // No idle timeout: fetch pools keep-alive sockets, and a socket the server closes after its default 5 s idle
  // timeout races with its reuse (ECONNRESET). `close()` ends every connection anyway.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
