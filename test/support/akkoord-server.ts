/**
 * One real Akkoord server per browser spec file: `akkoord serve` (the built CLI) on a fresh SQLite file with the
 * demo, on a free port, its one-time sign-in link read from its stdout as a person would read it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

export async function startServer(timeoutMs = 90_000): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-web-'));
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
