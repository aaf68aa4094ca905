import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * A tiny static file server for the built site (dist/), written here rather than pulled in so the
 * tests control exactly what a plain static host does: correct MIME types (including .wasm, which
 * WebAssembly.instantiateStreaming insists on), directory index.html, a redirect to the trailing
 * slash, 404.html for unknown paths, and an optional sub-path such as /kube-api/.
 */

/** mimeTypes maps file extensions to Content-Type; unknown ones are served as octet-stream. */
export const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ttf': 'font/ttf',
};

/** StaticServerOptions configures serveStatic. */
export interface StaticServerOptions {
  /** Directory to serve, e.g. the absolute path of dist/. */
  root: string;
  /** URL prefix the site lives under. Default: '/'. */
  base?: string;
  /** Port on 127.0.0.1. Default: 0 (any free port). */
  port?: number;
}

/** StaticServer is a running server; `url` is the site's root URL including the base, ending in '/'. */
export interface StaticServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}

async function fileAt(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return path;
  if (info?.isDirectory()) {
    const index = join(path, 'index.html');
    if ((await stat(index).catch(() => undefined))?.isFile()) return index;
  }
  return undefined;
}

/** serveStatic starts the server on 127.0.0.1 and resolves once it listens. */
export async function serveStatic(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');

  const send = (response: import('node:http').ServerResponse, status: number, file: string, method: string) => {
    response.writeHead(status, {
      'Content-Type': mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    if (method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const method = request.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        response.writeHead(400).end('Bad path');
        return;
      }
      const notFound = async () => {
        const page = await fileAt(join(root, '404.html'));
        if (page) send(response, 404, page, method);
        else response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      };
      if (pathname === base.slice(0, -1)) {
        response.writeHead(301, { Location: base }).end();
        return;
      }
      if (!pathname.startsWith(base)) return notFound();
      const relative = normalize(pathname.slice(base.length));
      const target = resolve(root, relative);
      if (target !== root && !target.startsWith(root + sep)) return notFound();
      const info = await stat(target).catch(() => undefined);
      if (info?.isDirectory() && !pathname.endsWith('/')) {
        response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      const file = (await fileAt(target)) ?? (await fileAt(`${target}.html`));
      if (file) send(response, 200, file, method);
      else await notFound();
    })().catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${base}`,
    origin,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
