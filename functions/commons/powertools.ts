import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The one logger, metrics and tracer of the product. Every handler imports
 * these; none creates its own.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'cugar-sales';

export const logger = new Logger({ serviceName });

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CugarSales',
});

export const tracer = new Tracer({ serviceName });

/** The run the current invocation works for, as bindRun last set it. */
let currentRun: { runId?: string; traceId?: string } = {};

/** Puts the run's identifiers on every log line and metric event that follows. */
export function bindRun(ids: { runId?: string; traceId?: string }): void {
  currentRun = { runId: ids.runId, traceId: ids.traceId };
  logger.appendKeys(currentRun);
}

/**
 * Emits one metric at once, as its own EMF event, with the given low-
 * cardinality dimensions and the run's ids as metadata (never dimensions).
 * One event per metric keeps concurrent invocations apart where a process
 * hosts several, as the local stack does.
 */
export function emitMetric(
  name: string,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit],
  value: number,
  dimensions: Record<string, string> = {},
): void {
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  if (currentRun.traceId) single.addMetadata('traceId', currentRun.traceId);
  if (currentRun.runId) single.addMetadata('runId', currentRun.runId);
  single.addMetric(name, unit, value);
}
