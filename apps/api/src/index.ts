/**
 * The API's public entry for other programs (the CLI imports the API only from here): its configuration, the read
 * side it keeps (for commands that read the projections without serving), and `serve`, which loads Nest and the app
 * only when it is called, so that a program importing this entry starts quickly.
 */
import type { serve as serveApp } from './serve.js';

export { readConfig, type AppConfig } from './config.js';
export { openReadSide, type ReadSide } from './runtime.js';

/** Opens the ledger and serves the API (and the web dashboard) as `config` says; see serve.ts. */
export async function serve(...args: Parameters<typeof serveApp>): ReturnType<typeof serveApp> {
  const { serve: start } = await import('./serve.js');
  return start(...args);
}
