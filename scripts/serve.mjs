#!/usr/bin/env node
// A static file server for web/ on 127.0.0.1, with the Content-Security-Policy the page runs under.
//   node scripts/serve.mjs [--port 8080] [--root web]
// Prints "Chorus is running at http://127.0.0.1:PORT/" once listening (port 0 picks a free port).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** The pages other sites may frame: the iframe embed and the relay that runs the worker for an element served
 * from this origin on another (docs/embed.md). Chorus's own page may be framed by itself only. */
const FRAMEABLE = new Set(['/embed.html', '/relay.html']);
const FRAMEABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'self'", 'frame-ancestors *');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // The element's files may be loaded by pages of other origins (docs/embed.md): its modules with CORS, its
  // stylesheet as a cross-origin resource. They are public files; no cookie or credential is ever involved.
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'Cache-Control': 'no-cache',
};

/** Starts the server; resolves with {server, url}. */
/** `headers`: replaces the headers of every answer (tests play other sites' servers with it). */
export function startServer({ root, port = 8080, host = '127.0.0.1', types = {}, headers = null }) {
  const rootDir = path.resolve(root);
  const contentTypes = { ...TYPES, ...types };  // tests play a server that types files otherwise
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400, HEADERS).end('bad request');
      return;
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.resolve(rootDir, `.${pathname}`);
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
      res.writeHead(403, HEADERS).end('forbidden');
      return;
    }
    fs.stat(file, (error, stat) => {
      if (error || !stat.isFile()) {
        res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      const base = headers ?? (FRAMEABLE.has(pathname) ? { ...HEADERS, 'Content-Security-Policy': FRAMEABLE_POLICY } : HEADERS);
      res.writeHead(200, {
        ...base,
        'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = option('--root', path.join(here, '..', 'web'));
  const port = Number(option('--port', process.env.PORT ?? 8080));
  if (!fs.existsSync(path.join(root, 'gen', 'chorus.wasm'))) {
    console.error(`warning: ${root}/gen/chorus.wasm is missing; run scripts/build.sh first`);
  }
  const { url } = await startServer({ root, port });
  console.log(`Chorus is running at ${url}  (Ctrl+C to stop)`);
}
