/** The real `akkoord serve` process (the built binary) on an ephemeral port, with a programme-office token of its own. */
import { randomBytes } from 'node:crypto';
import { killStrayServes, serveEnv, startServe, type ServeProcess } from '../../support/serve-process.js';

export { stopServe } from '../../support/serve-process.js';

export interface ServerProcess extends ServeProcess {
  token: string;
}

/** Kills (SIGKILL) every server still running that a test started, and waits until they have ended. */
export const stopStrayServers = killStrayServes;

export async function startServer(storeUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const token = env.AKKOORD_ADMIN_TOKEN ?? `rel-${randomBytes(16).toString('hex')}`;
  const server = await startServe({
    args: ['--store', storeUrl, 'serve', '--port', '0'],
    // e.g. AKKOORD_RELIAB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under a fault test
    nodeArgs: process.env.AKKOORD_RELIAB_NODE_ARGS?.split(' ').filter(Boolean),
    env: serveEnv({ AKKOORD_ADMIN_TOKEN: token, ...env }),
  });
  return { ...server, token };
}
