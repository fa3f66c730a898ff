/**
 * Runs the real `akkoord` binary (dist/apps/cli/src/main.js, built by `pretest`) against temp SQLite ledgers.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** The built binary; AKKOORD_TEST_CLI names another build of it (e.g. one that a parallel `npm run build` cannot touch). */
export const MAIN =
  process.env.AKKOORD_TEST_CLI ?? fileURLToPath(new URL('../../../dist/apps/cli/src/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment the binary runs with: ours without Akkoord's own variables, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('AKKOORD_') && !['PORT', 'HOST', 'LOG_LEVEL'].includes(key),
    ),
  );
  return { ...clean, NO_COLOR: '1', ...env };
}

/** Starts `akkoord …args` and leaves it running (serve, tail --follow). */
export function startAkkoord(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [MAIN, ...args], { env: cliEnv(env) });
}

/** Runs `akkoord …args` to the end. */
export function akkoord(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startAkkoord(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`akkoord ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves with everything the stream has said once `test` accepts it. */
export function waitForOutput(
  stream: NodeJS.ReadableStream,
  test: (text: string) => boolean,
  timeoutMs = 30_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (test(text)) {
        cleanup();
        resolve(text);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for output; got:\n${text.slice(-2000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      stream.off('data', onData);
    };
    stream.on('data', onData);
  });
}

export function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** A temp directory with a ledger path in it (the file is created by the first command). */
export function tempLedger(): { file: string; url: string; store: string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-cli-'));
  const file = join(dir, 'ledger.db');
  const url = `sqlite:${file}`;
  return { file, url, store: ['--store', url], remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StoredEvent {
  globalPosition: number;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { recordedAt: string; validFrom?: string; reason?: string; actor: Record<string, unknown> };
}

/** The ledger's events as stored, read straight from the file (not through Akkoord's code). */
export function storedEvents(file: string): StoredEvent[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT global_position, stream_id, type, data, metadata FROM events ORDER BY global_position')
      .all() as { global_position: number; stream_id: string; type: string; data: string; metadata: string }[];
    return rows.map((r) => ({
      globalPosition: r.global_position,
      streamId: r.stream_id,
      type: r.type,
      data: JSON.parse(r.data),
      metadata: JSON.parse(r.metadata),
    }));
  } finally {
    db.close();
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
