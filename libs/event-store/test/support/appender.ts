/**
 * A separate process that appends to a ledger and prints `ack <position> <eventId>` for every event the store
 * acknowledged. Used by the contract suite's gap-safety and crash-durability cases.
 *   node --import tsx appender.ts <storeUrl> <streamPrefix> <count|forever> [streams] [callers] [wait]
 * With more than one caller, that many concurrent loops share the count and append 1–3 events each time, so the
 * store's group commit batches them. With `wait`, it starts appending when a line `go` arrives on stdin. It prints
 * `appending-from <epoch ms>` before its first append and `appended-until <epoch ms>` after its last acknowledgement.
 */
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { openEventStore } from '../../src/open-store.js';

const [url, prefix, countArg, streamsArg, callersArg, waitArg] = process.argv.slice(2);
const count = countArg === 'forever' ? Number.POSITIVE_INFINITY : Number(countArg);
const streams = Number(streamsArg ?? 10);
const callers = Number(callersArg ?? 1);
const actor = { userId: 'appender', organisationId: 'programme-office', roles: ['programme_office'] };

const store = await openEventStore(url);
process.stdout.write('ready\n');
if (waitArg === 'wait') {
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((go) => lines.on('line', (line) => line === 'go' && go()));
  lines.close();
}
let next = 0;
process.stdout.write(`appending-from ${Date.now()}\n`);
await Promise.all(
  Array.from({ length: callers }, async () => {
    for (let i = next++; i < count; i = next++) {
      const size = callers === 1 ? 1 : 1 + (i % 3);
      const events = Array.from({ length: size }, (_x, k) => ({
        eventId: randomUUID(),
        type: 'Appended',
        data: { i, k, pid: process.pid },
        metadata: { actor },
      }));
      const result = await store.append(`${prefix}-${i % streams}`, events, 'any');
      process.stdout.write(result.events.map((e) => `ack ${e.globalPosition} ${e.eventId}\n`).join(''));
    }
  }),
);
process.stdout.write(`appended-until ${Date.now()}\n`);
await store.close();
process.stdout.write('done\n');
