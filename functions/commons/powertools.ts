import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
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

/** Puts the run's identifiers on every log line that follows. */
export function bindRun(ids: { runId?: string; traceId?: string }): void {
  logger.appendKeys({ runId: ids.runId, traceId: ids.traceId });
}
