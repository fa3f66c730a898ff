/**
 * Real `akkoord serve --role …` processes (the built CLI) on one PostgreSQL schema, for the scale tests: start them,
 * read their logs, talk HTTP, follow an SSE feed, and run other CLI commands against the same ledger.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { MAIN, serveEnv, startServe, stopServe, type ServeProcess } from '../../support/serve-process.js';

export type Role = 'api' | 'worker' | 'all';

export interface Node extends ServeProcess {
  role: Role;
}

/** The environment every node of one ledger shares (no AKKOORD_* of the test runner leaks in, no rate limit). */
export function nodeEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return serveEnv({ AKKOORD_RATE_LIMIT: '0', ...extra });
}

/** Starts `akkoord serve --role <role> --port 0` and resolves once it says where it serves. */
export async function startNode(role: Role, storeUrl: string, env: NodeJS.ProcessEnv): Promise<Node> {
  const args = ['--store', storeUrl, 'serve', '--role', role, '--port', '0'];
  return { ...(await startServe({ args, env, timeoutMs: 120_000, name: role })), role };
}

/** SIGTERM, then SIGKILL after 15 s (one argument: `nodes.map(stopNode)` passes an index too). */
export function stopNode(node: Node): Promise<void> {
  return stopServe(node);
}

/** Runs the CLI against the ledger; resolves with its exit code and output. */
export async function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [MAIN, ...args], {
      env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function http(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** An SSE feed from position 1: the positions it delivered, in order of arrival. */
export interface Feed {
  positions: number[];
  close(): void;
}

export function followFeed(baseUrl: string, token: string): Feed {
  const positions: number[] = [];
  let buffer = '';
  const req = request(`${baseUrl}/api/events/stream?fromPosition=1`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
  });
  req.on('response', (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(frame);
        if (id) positions.push(Number(id[1]));
      }
    });
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  req.end();
  return { positions, close: () => req.destroy() };
}

/** Polls `check` until it answers a value (not undefined), or throws after `timeoutMs` with `what`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s ${last ? `(${last})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
