/**
 * Progress of imports and exports on stderr, through the CLI's shared display (a bar on a terminal, plain lines in
 * logs). Small jobs outside a terminal stay quiet: a few hundred rows finish before a line would say anything.
 */
import type { Progress } from '@akkoord/exchange';
import { startProgress as startDisplay } from '../progress.js';

/** Below this many rows, no progress lines when stderr is not a terminal. */
const QUIET_BELOW = 1000;

export function startExchangeProgress(label: string, total: number, unit = 'rows'): Progress {
  if (!process.stderr.isTTY && total < QUIET_BELOW) return { tick: () => undefined, stop: () => undefined };
  const display = startDisplay(label, total, { unit });
  let done = 0;
  return {
    tick(n = 1) {
      done += n;
      display.update(done, Math.max(total, done));
    },
    stop: () => display.stop(),
  };
}
