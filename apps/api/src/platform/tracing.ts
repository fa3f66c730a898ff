/**
 * OpenTelemetry tracing, on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set:
 * spans go to that OTLP/HTTP endpoint in batches (the SDK's own `OTEL_BSP_*` and `OTEL_SERVICE_NAME` settings
 * apply). Off, nothing is registered and the spans the code names are no-ops. Each request to /api gets a server span,
 * a child of the caller's `traceparent` when it sends one.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { NextFunction, Request, Response } from 'express';
import { tracer } from '@akkoord/application';

let provider: NodeTracerProvider | undefined;

/** Registers the tracer provider once per process when an OTLP endpoint is configured; answers whether tracing is on. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider) return true;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return false;
  env.OTEL_SERVICE_NAME ??= 'akkoord';
  provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  return true;
}

/** Sends the spans not yet sent (at shutdown). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** A server span per /api request, ended when the response is sent. */
export function requestSpans(request: Request, response: Response, next: NextFunction): void {
  if (!provider || !request.path.startsWith('/api/')) return next();
  const parent = propagation.extract(context.active(), request.headers);
  const span = tracer.startSpan(
    `${request.method} ${request.path}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.path } },
    parent,
  );
  response.on('finish', () => {
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
