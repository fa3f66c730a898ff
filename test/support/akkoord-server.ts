/**
 * One real Akkoord server per browser spec file: `akkoord serve` (the built CLI) on a fresh SQLite file with the
 * demo, on a free port, its one-time sign-in link read from its stdout as a person would read it.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serveEnv, startServe, stopServe } from './serve-process.js';

export interface RunningServer {
  url: string;
  signInLink: string;
  output: () => string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  timeoutMs?: number;
  /** A ledger file to serve a copy of (e.g. one written by `akkoord demo --scale 114`) instead of a fresh demo. */
  ledgerFile?: string;
}

/**
 * Where it serves (its log), then the one-time link it prints for a ledger without a programme-office token: two
 * lines, so that a test can hold the link to the address.
 */
const SERVES_THEN_LINK =
  /Akkoord serves on (http:\/\/[\d.]+:\d+)[\s\S]*?(http:\/\/[^\s"]+\/aanmelden#code=[A-Za-z0-9_-]+)/;

export async function startServer({ timeoutMs = 90_000, ledgerFile }: ServerOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-web-'));
  // a copy: the server writes sessions and a head into it, and prints a sign-in link only for a ledger without them;
  // the signing key beside it comes along (its heads are signed with it)
  if (ledgerFile) {
    copyFileSync(ledgerFile, join(dir, 'ledger.db'));
    const key = join(dirname(ledgerFile), 'signing-key.pem');
    if (existsSync(key)) copyFileSync(key, join(dir, 'signing-key.pem'));
  }
  try {
    const server = await startServe({
      args: ['--store', `sqlite:${join(dir, 'ledger.db')}`, 'serve', '--port', '0'],
      // no AKKOORD_ADMIN_TOKEN of the runner (then no sign-in link), and the demo into the empty ledger
      env: serveEnv({ AKKOORD_DEMO: '1' }),
      ready: SERVES_THEN_LINK,
      timeoutMs,
    });
    const stop = async () => {
      await stopServe(server, 10_000);
      rmSync(dir, { recursive: true, force: true });
    };
    return { url: server.baseUrl, signInLink: server.readyMatch[2], output: server.output, stop };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
