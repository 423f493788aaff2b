#!/usr/bin/env node
// Serves the production build the way the CloudFront distribution does, for the end-to-end tests,
// the budgets and a local look at the built site:
//   /api/*            forwarded to the API (all methods and headers but Host, never cached);
//                     without an API, the site's rules below apply, as on a stack without one
//   extensionless     index.html (the SPA rewrite), so client-side routes work on reload
//   anything else     the file, or a real 404 (a missing asset is never answered with index.html)
// with the distribution's cache and security headers and gzip compression.
//
// Usage: node e2e/serve.mjs [--port 4173] [--api http://127.0.0.1:8787] [--root dist]
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;

/** The distribution's response headers policy: only this origin may supply anything. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** Hashed build output may be cached for a year; index.html must be revalidated every time. */
export function cacheControlFor(urlPath) {
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  if (urlPath === '/index.html') return 'no-cache';
  return 'public, max-age=3600';
}

/** The CloudFront Function's rule: a path whose last segment has no dot is a client-side route. */
export function isClientRoute(urlPath) {
  const last = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Starts the server; resolves to { url, close }. `apiOrigin` (e.g. http://127.0.0.1:8787) is
 * where /api/* goes; without it the site behaves as a stack without an API.
 */
export async function startSiteServer({ root, port = 0, host = '127.0.0.1', apiOrigin = null }) {
  const rootDir = path.resolve(root);
  await fs.access(path.join(rootDir, 'index.html')).catch(() => {
    throw new Error(`${rootDir}/index.html is missing: build the site first (cd website && npm run build)`);
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site.local');
    if (apiOrigin && (url.pathname === '/api' || url.pathname.startsWith('/api/'))) {
      forward(req, res, apiOrigin);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', `${req.method} is not allowed on the site\n`, { allow: 'GET, HEAD' });
      return;
    }
    serveFile(req, res, rootDir, url.pathname).catch((error) => {
      send(res, 500, 'text/plain; charset=utf-8', `${error.message}\n`);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    server,
  };
}

async function serveFile(req, res, rootDir, rawPath) {
  let urlPath;
  try {
    urlPath = decodeURIComponent(rawPath);
  } catch {
    send(res, 400, 'text/plain; charset=utf-8', 'Bad path\n');
    return;
  }
  if (isClientRoute(urlPath)) urlPath = '/index.html';
  const file = path.join(rootDir, path.normalize(urlPath));
  const stat = file.startsWith(rootDir + path.sep) ? await fs.stat(file).catch(() => null) : null;
  if (!stat || !stat.isFile()) {
    send(res, 404, 'text/plain; charset=utf-8', `Not found: ${rawPath}\n`);
    return;
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers = { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': cacheControlFor(urlPath), vary: 'accept-encoding' };
  const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (gzip) headers['content-encoding'] = 'gzip';
  else headers['content-length'] = String(stat.size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  (gzip ? stream.pipe(zlib.createGzip()) : stream).pipe(res);
}

function forward(req, res, apiOrigin) {
  const target = new URL(req.url ?? '/', apiOrigin);
  const headers = { ...req.headers };
  delete headers.host;
  const upstream = http.request(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    // As CloudFront: an unreachable origin is a 502 with an HTML page, not the API's JSON.
    if (!res.headersSent) send(res, 502, 'text/html; charset=utf-8', `<h1>502 Bad Gateway</h1><p>${error.code ?? error.message}</p>\n`);
    else res.destroy();
  });
  req.pipe(upstream);
}

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

function option(args, name, fallback) {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const port = Number(option(args, '--port', '4173'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: --port must be a whole number from 0 to 65535, got ${option(args, '--port')}`);
    process.exit(2);
  }
  const { url } = await startSiteServer({
    root: option(args, '--root', path.join(here, '..', 'dist')),
    port,
    apiOrigin: option(args, '--api', process.env.API_ORIGIN ?? null),
  }).catch((error) => {
    console.error(`serve.mjs: ${error.message}`);
    process.exit(1);
  });
  console.log(`Serving the production build at ${url}`);
}
