/**
 * One kill -9 run, for either store: 32 clients POST commands to the real `akkoord serve`, the process is killed with
 * SIGKILL mid-load, started again on the same ledger, and every command that was not acknowledged is resent with its
 * Idempotency-Key; `cycles` times. The caller then reads the store and checks what it holds.
 */
import { commandLoad, newResult, resendUntilAcked, type LoadResult } from './load.js';
import { startServer, type ServerProcess } from './server.js';

export interface Kill9Outcome {
  result: LoadResult;
  /** Commands that got no 201 before their kill, summed over the cycles (each resent with its key). */
  unackedTotal: number;
  /** Commands acknowledged during a cycle (before the resend), per cycle. */
  ackedPerCycle: number[];
  /** The last server, still running: the caller stops it. */
  server: ServerProcess;
}

export async function runKill9Cycles(
  storeUrl: string,
  env: Record<string, string>,
  cycles: number,
  clients: number,
  prefix: string,
): Promise<Kill9Outcome> {
  const result = newResult();
  const token = env.AKKOORD_ADMIN_TOKEN;
  let server: ServerProcess = await startServer(storeUrl, env);
  let unackedTotal = 0;
  const ackedPerCycle: number[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    const current = server;
    const before = result.acked.size;
    const load = commandLoad(() => ({ baseUrl: current.baseUrl, token }), clients, `${prefix}${cycle}`, result);
    try {
      // kill once the load is really flowing (some commands acknowledged in this cycle), not after a guessed sleep
      const deadline = Date.now() + 60_000;
      while (result.acked.size < before + clients && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      current.child.kill('SIGKILL');
      await current.exited;
    } finally {
      // stopped whatever happens: its clients would otherwise keep the single-process run from ending
      await load.stop();
    }
    ackedPerCycle.push(result.acked.size - before);
    unackedTotal += result.unacked.size;
    server = await startServer(storeUrl, env);
    await resendUntilAcked(server.baseUrl, token, result);
  }
  return { result, unackedTotal, ackedPerCycle, server };
}
