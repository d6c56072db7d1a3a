import type { Context } from 'aws-lambda';
import { bindRun, logger } from './powertools.js';

/**
 * Wraps a handler so that every invocation logs with the Lambda context and
 * leaves no run keys behind for the next one, whether it returns or throws.
 * Metrics need no flushing: emitMetric publishes each one as it happens.
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
      bindRun({});
      logger.resetKeys();
    }
  };
}
