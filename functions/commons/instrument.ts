import type { Context } from 'aws-lambda';
import { bindRun, logger, metrics, tracer } from './powertools.js';

/**
 * Wraps a handler so that every invocation logs with the Lambda context,
 * runs in its own X-Ray subsegment (annotated with the run by bindRun), and
 * leaves no run keys behind for the next one, whether it returns or throws.
 *
 * emitMetric publishes each metric as it happens; anything added to the
 * shared metrics buffer instead is flushed here, also when the handler
 * throws, so no metric of a failed invocation is lost.
 */
export function instrument<E, R>(
  name: string,
  handler: (event: E, context?: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.appendKeys({ handler: name });
    const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const subsegment = segment?.addNewSubsegment(`## ${name}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      // Responses stay out of the trace: some carry signed approval links.
      return await handler(event, context);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      if (segment && subsegment) {
        subsegment.close();
        tracer.setSegment(segment);
      }
      bindRun({});
      logger.resetKeys();
    }
  };
}
