/** The real `akkoord serve` process (the built binary), on an ephemeral port, with its log kept for the test. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const MAIN =
  process.env.AKKOORD_TEST_CLI ?? fileURLToPath(new URL('../../../dist/apps/cli/src/main.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  token: string;
  /** Everything the process wrote (JSON log lines on stdout, sentences on stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | string | null>;
  alive(): boolean;
}

/** Every server started and not yet ended: a test that failed halfway leaves none behind (`stopStrayServers`). */
const running = new Set<ChildProcess>();

/** Kills (SIGKILL) every server this file started that still runs, and waits until they have ended. */
export async function stopStrayServers(): Promise<void> {
  await Promise.all(
    [...running].map((child) => {
      const ended = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return ended;
    }),
  );
}

export function startServer(storeUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const token = env.AKKOORD_ADMIN_TOKEN ?? `rel-${randomBytes(16).toString('hex')}`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AKKOORD_')));
  const child = spawn(process.execPath, [MAIN, '--store', storeUrl, 'serve', '--port', '0'], {
    env: { ...clean, AKKOORD_DEMO: '0', LOG_LEVEL: 'info', AKKOORD_ADMIN_TOKEN: token, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let ended = false;
  running.add(child);
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`akkoord serve did not start in 90 s:\n${text.slice(-3000)}`)),
      90_000,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /Akkoord serves on (http:\/\/[\d.]+:(\d+))/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          baseUrl: match[1],
          token,
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
      reject(new Error(`akkoord serve ended (${code}) before it served:\n${text.slice(-3000)}`));
    });
  });
}
