import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

/**
 * Serves the built browser app. Unknown paths fall back to index.html (the app routes on the client), but never
 * outside `root`.
 */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const candidate = join(root, relative);
  const safe = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
  const file = safe && extname(candidate) ? candidate : join(root, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    res.end(body);
  } catch {
    const missingApp = file.endsWith('index.html');
    res.writeHead(missingApp ? 500 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      missingApp ? 'The demo app is not built: run `pnpm demo` from the repository root.' : 'Not found',
    );
  }
}
