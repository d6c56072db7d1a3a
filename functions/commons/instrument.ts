import type { Context } from 'aws-lambda';
import { logger, metrics } from './powertools.js';

/**
 * Wraps a handler so that every invocation logs with the Lambda context and
 * flushes its metrics, whether it returns or throws.
 */
export function instrument<E, R>(
  name: string,
  handler: (event: E, context?: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.appendKeys({ handler: name });
    try {
      return await handler(event, context);
    } finally {
      metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}
