/**
 * One real `akkoord serve` process (the built CLI), as the reliability, scale and browser suites and the benchmarks
 * start it: the arguments and environment they choose, everything it writes kept for the test, ready once its log says
 * where it serves, stopped with SIGTERM and then SIGKILL after a grace period. Each suite's own needs are options.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI (from the sources under Jest, or from dist/ when a benchmark runs compiled); AKKOORD_TEST_CLI overrides. */
export const MAIN =
  process.env.AKKOORD_TEST_CLI ??
  fileURLToPath(
    new URL(
      import.meta.url.includes('/dist/test/') ? '../../apps/cli/src/main.js' : '../../dist/apps/cli/src/main.js',
      import.meta.url,
    ),
  );

/** `Akkoord serves on …` (info log), a worker's `… /metrics on …`, or the plain `Open …` line printed at any log level. */
const SERVES = /(?:Akkoord serves on|metrics on|^Open) (http:\/\/[\d.]+:\d+)/m;

export interface ServeOptions {
  /** The CLI's arguments, e.g. `['--store', url, 'serve', '--port', '0']`. */
  args: string[];
  /** The whole environment of the process (see serveEnv). */
  env: NodeJS.ProcessEnv;
  /** Node's own options before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** A log line that says it is ready; its first group is the base URL. */
  ready?: RegExp;
  timeoutMs?: number;
  /** Names the process in errors. */
  name?: string;
  /** Also writes what the process writes to this process's stderr. */
  echo?: boolean;
}

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** What matched `ready`. */
  readyMatch: RegExpExecArray;
  /** Everything the process wrote (JSON log lines on stdout, sentences on stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | string | null>;
  alive(): boolean;
}

/** The runner's environment without its AKKOORD_* (none leaks in), the demo off and info logs, then `extra`. */
export function serveEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AKKOORD_')));
  return { ...clean, AKKOORD_DEMO: '0', LOG_LEVEL: 'info', ...extra };
}

/** Every process started and not yet ended: a test that failed halfway leaves none behind (`killStrayServes`). */
const running = new Set<ChildProcess>();

/** Kills (SIGKILL) every process started here that still runs, and waits until they have ended. */
export async function killStrayServes(): Promise<void> {
  await Promise.all(
    [...running].map((child) => {
      const ended = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return ended;
    }),
  );
}

/** Starts the process and resolves once its log matches `ready`; rejects (and kills it) if it ends or times out first. */
export function startServe(options: ServeOptions): Promise<ServeProcess> {
  const { args, env, nodeArgs = [], ready = SERVES, timeoutMs = 90_000, name = 'akkoord serve', echo } = options;
  const child = spawn(process.execPath, [...nodeArgs, MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const keep = (chunk: Buffer) => {
    text += chunk.toString();
    if (echo) process.stderr.write(chunk);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs / 1000} s:\n${text.slice(-3000)}`));
    }, timeoutMs);
    const onData = () => {
      const match = ready.exec(text);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      const serve = { child, pid: child.pid!, baseUrl: match[1], readyMatch: match, exited };
      resolve({ ...serve, output: () => text, alive: () => !ended });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} ended (${code}) before it served:\n${text.slice(-3000)}`));
    });
  });
}

/** SIGTERM (after SIGCONT, in case it was stopped), SIGKILL if it has not ended after `graceMs`; resolves once ended. */
export async function stopServe(serve: ServeProcess | undefined, graceMs = 15_000): Promise<void> {
  if (!serve?.alive()) return;
  serve.child.kill('SIGCONT');
  serve.child.kill('SIGTERM');
  const timer = setTimeout(() => serve.child.kill('SIGKILL'), graceMs);
  await serve.exited;
  clearTimeout(timer);
}
