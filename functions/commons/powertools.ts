import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The one logger, metrics and tracer of the product. Every handler imports
 * these; none creates its own.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'cugar-sales';

/** Structured JSON logs; keys appended during an invocation stay with it. */
export const logger = new Logger({ serviceName });

/** CloudWatch metrics as EMF lines, in the product's namespace. */
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CugarSales',
});

/** X-Ray segments; it disables itself off Lambda, so local runs trace nothing. */
export const tracer = new Tracer({ serviceName });

/** The identifiers that tie a log line or a metric event to its run. */
export interface RunIds {
  runId?: string;
  traceId?: string;
}

/** Where a run's ids live while invocations run concurrently in one process. */
interface InvocationScope {
  hasContext(): boolean;
  get(key: symbol): unknown;
  set(key: symbol, value: unknown): void;
}

const runKey = Symbol.for('cugar-sales.run');

/** The ids of the one invocation at a time, when nothing scopes them per invocation. */
let processRun: RunIds = {};

/**
 * The invoke store of the current invocation, when one is active: Lambda's
 * runtime sets it up for concurrent invocations, and so does the local stack.
 * Powertools keeps its log keys and buffered metrics there too.
 */
function invocationScope(): InvocationScope | undefined {
  const lambda = (globalThis as { awslambda?: { InvokeStore?: InvocationScope } }).awslambda;
  const store = lambda?.InvokeStore;
  return store?.hasContext() ? store : undefined;
}

/** The run the current invocation works for, as bindRun last set it. */
export function currentRun(): RunIds {
  const scope = invocationScope();
  if (!scope) return processRun;
  return (scope.get(runKey) as RunIds | undefined) ?? {};
}

/**
 * Puts the run's identifiers on every log line and metric event that follows
 * in this invocation, and on its X-Ray segment as annotations, so that one
 * trace id can be followed through every step of a run.
 */
export function bindRun(ids: RunIds): void {
  const run = { runId: ids.runId, traceId: ids.traceId };
  const scope = invocationScope();
  if (scope) scope.set(runKey, run);
  else processRun = run;
  logger.appendKeys(run);
  if (run.runId) tracer.putAnnotation('runId', run.runId);
  if (run.traceId) tracer.putAnnotation('traceId', run.traceId);
}

/**
 * Emits one metric at once, as its own EMF event, with the given low-
 * cardinality dimensions and the run's ids as metadata (never dimensions).
 * One event per metric keeps concurrent invocations apart where a process
 * hosts several, as the local stack does, and loses nothing when the
 * handler throws afterwards.
 */
export function emitMetric(
  name: string,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit],
  value: number,
  dimensions: Record<string, string> = {},
): void {
  const run = currentRun();
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  if (run.traceId) single.addMetadata('traceId', run.traceId);
  if (run.runId) single.addMetadata('runId', run.runId);
  single.addMetric(name, unit, value);
}
