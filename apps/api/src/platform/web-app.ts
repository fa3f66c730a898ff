import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Paths that belong to the API and never fall back to the web app's `index.html`. */
const SERVER_PATHS = /^\/(?:api|docs|health|metrics)(?:$|[/?.-])/;
/** Hashed assets: a missing one is a 404, never `index.html`. */
const ASSETS = /^\/assets\//;
/** A file at the top of the build (`/favicon.svg`, `/robots.txt`): one segment with an extension. */
const TOP_LEVEL_FILE = /^\/[^/]+\.[A-Za-z0-9]+$/;

/** `dist/web` of this checkout: the nearest folder upwards with Akkoord's package.json. */
export function defaultWebDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && /"name":\s*"akkoord"/.test(readFileSync(manifest, 'utf8')))
      return join(dir, 'dist/web');
    const parent = dirname(dir);
    if (parent === dir) return resolve('dist/web');
    dir = parent;
  }
}

const NOT_BUILT = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Akkoord</title></head>
<body>
<h1>Akkoord</h1>
<p>Het dashboard is nog niet gebouwd. Voer <code>npm run build</code> uit en start Akkoord opnieuw.</p>
<p>De API werkt wel: zie <a href="/docs">/docs</a>.</p>
</body>
</html>
`;

interface ExpressResponse {
  setHeader(name: string, value: string): void;
  status(code: number): ExpressResponse;
  type(type: string): ExpressResponse;
  send(body: string): void;
  sendFile(path: string, options: Record<string, unknown>, done: (error?: Error) => void): void;
  headersSent: boolean;
}

/**
 * Serves the web dashboard built into `webDir` (Vite: `index.html` and `assets/*` with hashed names): assets with a
 * year's immutable cache, and `index.html` (no-cache) for every other GET that is not the API's (the app's router
 * takes it from there). Without a build, `/` and the dashboard's paths answer a short Dutch page saying so.
 */
export function serveWebApp(app: NestExpressApplication, webDir: string): void {
  app.useStaticAssets(join(webDir, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  // The index fallback and the build's other top-level files (favicon, robots.txt) in one middleware that lets the
  // API's paths and the assets through untouched: a `useStaticAssets(webDir)` here ran for every request, a `stat` of
  // the build folder per API call included (6 % of the server's CPU under read load), and would have served a file of
  // the build named like an API path.
  const indexFile = join(webDir, 'index.html');
  const sendIndex = (response: ExpressResponse) =>
    response.sendFile(indexFile, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }, (error) => {
      if (!error || response.headersSent) return;
      response.status(200).type('html').send(NOT_BUILT);
    });
  app.use((request: { method: string; path: string }, response: ExpressResponse, next: (error?: unknown) => void) => {
    if (
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      SERVER_PATHS.test(request.path) ||
      ASSETS.test(request.path)
    ) {
      return next();
    }
    response.setHeader('Cache-Control', 'no-cache');
    if (!TOP_LEVEL_FILE.test(request.path)) return sendIndex(response);
    // `root` keeps the path inside the build; a missing file is a path of the app's router
    response.sendFile(request.path.slice(1), { root: webDir, dotfiles: 'ignore' }, (error) => {
      if (error && !response.headersSent) sendIndex(response);
    });
  });
}
