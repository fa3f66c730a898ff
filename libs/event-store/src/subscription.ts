import type { RecordedEvent } from './envelope.js';
import type { EventStore, SubscribeOptions } from './event-store.port.js';

/** How long a caught-up subscriber sleeps before looking again when no wake-up arrives. */
const IDLE_POLL_MS = 250;

/**
 * A catch-up subscription over any store: reads batches from the position after the last one delivered,
 * and when caught up waits for the store's append hint (or a short poll). Because each batch starts right after
 * the last delivered position and stores are gap-safe, no event is skipped or delivered twice.
 */
export async function* catchUpSubscription(
  store: Pick<EventStore, 'readAll' | 'waitForAppend'>,
  options: SubscribeOptions = {},
): AsyncGenerator<RecordedEvent> {
  const batchSize = options.batchSize ?? 500;
  let next = options.fromPosition ?? 1;
  const signal = options.signal;
  while (!signal?.aborted) {
    const batch = await store.readAll({ fromPosition: next, limit: batchSize });
    for (const event of batch) {
      if (signal?.aborted) return;
      yield event;
      next = event.globalPosition + 1;
    }
    if (batch.length < batchSize) await store.waitForAppend(IDLE_POLL_MS, signal);
  }
}
