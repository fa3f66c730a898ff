/**
 * One real Akkoord server per browser spec file: `akkoord serve` (the built CLI) on a fresh SQLite file with the
 * demo, on a free port, its one-time sign-in link read from its stdout as a person would read it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface RunningServer {
  url: string;
  signInLink: string;
  output: () => string;
  stop: () => Promise<void>;
}

const CLI = resolve('dist/apps/cli/src/main.js');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

export interface ServerOptions {
  timeoutMs?: number;
  /** A ledger file to serve a copy of (e.g. one written by `akkoord demo --scale 114`) instead of a fresh demo. */
  ledgerFile?: string;
}

export async function startServer({ timeoutMs = 90_000, ledgerFile }: ServerOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-web-'));
  // a copy: the server writes sessions and a head into it, and prints a sign-in link only for a ledger without them;
  // the signing key beside it comes along (its heads are signed with it)
  if (ledgerFile) {
    copyFileSync(ledgerFile, join(dir, 'ledger.db'));
    const key = join(dirname(ledgerFile), 'signing-key.pem');
    if (existsSync(key)) copyFileSync(key, join(dir, 'signing-key.pem'));
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  delete env.AKKOORD_ADMIN_TOKEN;
  delete env.AKKOORD_DEMO;
  const child: ChildProcess = spawn(process.execPath, [CLI, '--store', `sqlite:${join(dir, 'ledger.db')}`, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /(http:\/\/[^\s"]+\/aanmelden#code=[A-Za-z0-9_-]+)/.exec(out);
    if (match) return { url: `http://127.0.0.1:${port}`, signInLink: match[1], output: () => out, stop };
    if (child.exitCode !== null) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  await stop();
  throw new Error(`the server printed no sign-in link:\n${out.slice(-3000)}`);
}
