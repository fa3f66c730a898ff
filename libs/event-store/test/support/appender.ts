/**
 * A separate process that appends to a ledger and prints `ack <position> <eventId>` for every append the store
 * acknowledged. Used by the contract suite's gap-safety and crash-durability cases.
 *   node --import tsx appender.ts <storeUrl> <streamPrefix> <count|forever> [streams]
 */
import { randomUUID } from 'node:crypto';
import { openEventStore } from '../../src/open-store.js';

const [url, prefix, countArg, streamsArg] = process.argv.slice(2);
const count = countArg === 'forever' ? Number.POSITIVE_INFINITY : Number(countArg);
const streams = Number(streamsArg ?? 10);
const actor = { userId: 'appender', organisationId: 'programme-office', roles: ['programme_office'] };

const store = await openEventStore(url);
process.stdout.write('ready\n');
for (let i = 0; i < count; i++) {
  const eventId = randomUUID();
  const result = await store.append(
    `${prefix}-${i % streams}`,
    [{ eventId, type: 'Appended', data: { i, pid: process.pid }, metadata: { actor } }],
    'any',
  );
  process.stdout.write(`ack ${result.globalPosition} ${eventId}\n`);
}
await store.close();
process.stdout.write('done\n');
