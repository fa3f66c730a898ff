import v8 from 'node:v8';
import { heapKeeper, keepingHeap, whileKeepingHeap } from './heap-keeper.js';

const MB = 2 ** 20;
const used = () => v8.getHeapStatistics().used_heap_size;

/** About `mb` MB of objects that nothing refers to once the function returns (long-lived enough to be old). */
function garbage(mb: number): number {
  let kept: { n: number; text: string }[][] = [];
  let total = 0;
  for (let i = 0; i < mb * 8; i++) {
    kept.push(Array.from({ length: 1000 }, (_, n) => ({ n, text: `row ${i} ${n}` })));
    total += kept[kept.length - 1].length;
  }
  kept = [];
  return total;
}

describe('the heap keeper', () => {
  it('collects the garbage once the heap has grown past its floor', () => {
    const keep = heapKeeper(32);
    garbage(80);
    const before = used();
    expect(before).toBeGreaterThan(32 * MB);
    keep();
    const after = used();
    expect(after).toBeLessThan(before - 40 * MB);
  });

  it('passes every tick on to the progress it wraps', () => {
    const ticks: number[] = [];
    let stopped = false;
    const progress = keepingHeap(() => ({ tick: (n = 1) => ticks.push(n), stop: () => (stopped = true) }));
    const shown = progress('check commitments', 1000);
    shown.tick(500);
    shown.tick(500);
    shown.stop();
    expect(ticks).toEqual([500, 500]);
    expect(stopped).toBe(true);
  });

  it('runs work after a collection and answers what it answers', async () => {
    garbage(40);
    const before = used();
    const heapAtStart = await whileKeepingHeap(async () => used());
    expect(heapAtStart).toBeLessThan(before - 20 * MB);
  });
});
