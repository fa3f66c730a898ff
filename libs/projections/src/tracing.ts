/**
 * A span per event for each projection that applies it, in the event's own trace (its recorded `traceparent`), so a
 * trace shows the request, the command, the append and every read model it reached. Only while a tracer provider
 * records spans (OpenTelemetry API; without one this costs one check per chunk).
 */
import { ROOT_CONTEXT, trace, TraceFlags, type Span } from '@opentelemetry/api';
import type { RecordedEvent } from '@akkoord/event-store';

const tracer = trace.getTracer('akkoord');
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Whether spans are recorded now (a tracer provider is registered and samples a new root span). */
function recording(): boolean {
  return tracer.startSpan('akkoord.probe', { root: true }).isRecording();
}

/** Starts one span per event that carries a trace context; answers a function that ends them all. */
export function projectionSpans(projection: string, events: readonly RecordedEvent[]): () => void {
  if (events.length === 0 || !recording()) return () => undefined;
  const spans: Span[] = [];
  for (const event of events) {
    const match = TRACEPARENT.exec(String(event.metadata.traceparent ?? ''));
    if (!match || !(Number.parseInt(match[3], 16) & TraceFlags.SAMPLED)) continue;
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: match[1],
      spanId: match[2],
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const attributes = { 'akkoord.projection': projection, 'akkoord.position': event.globalPosition };
    spans.push(tracer.startSpan(`akkoord.project ${projection}`, { attributes }, parent));
  }
  return () => {
    for (const span of spans) span.end();
  };
}
