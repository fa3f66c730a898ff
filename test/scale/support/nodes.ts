/**
 * Real `akkoord serve --role …` processes (the built CLI) on one PostgreSQL schema, for the scale tests: start them,
 * read their logs, talk HTTP, follow an SSE feed, and run other CLI commands against the same ledger.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The built CLI (from the sources under Jest, or from dist/ when the benchmark runs compiled). */
export const MAIN =
  process.env.AKKOORD_TEST_CLI ??
  fileURLToPath(
    new URL(
      import.meta.url.includes('/dist/test/') ? '../../../apps/cli/src/main.js' : '../../../dist/apps/cli/src/main.js',
      import.meta.url,
    ),
  );

export type Role = 'api' | 'worker' | 'all';

export interface Node {
  role: Role;
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  output(): string;
  exited: Promise<number | string | null>;
  alive(): boolean;
}

/** The environment every node of one ledger shares (no AKKOORD_* of the test runner leaks in). */
export function nodeEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AKKOORD_')));
  return { ...clean, AKKOORD_DEMO: '0', LOG_LEVEL: 'info', AKKOORD_RATE_LIMIT: '0', ...extra };
}

/** Starts `akkoord serve --role <role> --port 0` and resolves once it says where it serves. */
export function startNode(role: Role, storeUrl: string, env: NodeJS.ProcessEnv): Promise<Node> {
  const child = spawn(process.execPath, [MAIN, '--store', storeUrl, 'serve', '--role', role, '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let ended = false;
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${role} did not start in 120 s:\n${text.slice(-3000)}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /(?:Akkoord serves on|metrics on) (http:\/\/[\d.]+:\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        const keep = (more: Buffer) => (text += more.toString());
        child.stdout!.on('data', keep);
        child.stderr!.on('data', keep);
        resolve({
          role,
          child,
          pid: child.pid!,
          baseUrl: match[1],
          output: () => text,
          exited,
          alive: () => !ended,
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${role} ended (${code}) before it served:\n${text.slice(-3000)}`));
    });
  });
}

export async function stopNode(node: Node): Promise<void> {
  if (!node.alive()) return;
  node.child.kill('SIGCONT');
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 15_000);
  await node.exited;
  clearTimeout(timer);
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
