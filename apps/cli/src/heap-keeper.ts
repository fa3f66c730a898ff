/**
 * Keeps a long import's JavaScript heap near what it holds. The import's check keeps one fold per stream and advances
 * it by the domain's copy-on-write `evolve`, one new state per row; with rows spread over many streams each state
 * lives long enough to reach V8's old generation, where it becomes garbage that V8 lets grow to two or three times
 * what is alive before it collects (100,000 rows: about 90 MB alive, 220 MB of heap). Between stretches of rows the
 * keeper runs a full collection when the heap has grown past 1.5 times what was alive after the last one (and past a
 * floor), so memory follows what the import holds without a cap that a larger file would hit. The notary's fold of
 * the appended events after it (its pages of parsed events) is kept the same way, on a timer.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ProgressFactory } from '@akkoord/exchange';

const MB = 2 ** 20;

let exposed: (() => void) | null | undefined;

/** V8's own collector, as `node --expose-gc` offers it (a fresh context picks up the flag); null where it cannot. */
function collector(): (() => void) | null {
  if (exposed === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc: unknown = vm.runInNewContext('gc');
      exposed = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      exposed = null;
    }
  }
  return exposed;
}

/** A function to call between stretches of work; it collects garbage when the heap grew (a no-op where it cannot). */
export function heapKeeper(floorMb = 128): () => void {
  const gc = collector();
  if (gc === null) return () => undefined;
  let limit = floorMb * MB;
  return () => {
    if (v8.getHeapStatistics().used_heap_size < limit) return;
    gc();
    limit = Math.max(floorMb * MB, 1.5 * v8.getHeapStatistics().used_heap_size);
  };
}

/**
 * Runs `work` after one full collection (what ran before it, an import's folds, is garbage by then) and with the
 * keeper every `ms` while it runs, when it lets timers run (the notary's fold of the appended events).
 */
export async function whileKeepingHeap<T>(work: () => Promise<T>, ms = 200): Promise<T> {
  collector()?.();
  const timer = setInterval(heapKeeper(), ms);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** The progress factory, with the keeper run at every tick (every few hundred rows of an import). */
export function keepingHeap(progress: ProgressFactory, keep = heapKeeper()): ProgressFactory {
  return (label, total, unit) => {
    const shown = progress(label, total, unit);
    return {
      tick(n) {
        shown.tick(n);
        keep();
      },
      stop: () => shown.stop(),
    };
  };
}
