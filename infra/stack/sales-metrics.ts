import type { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { MathExpression, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';

/** The resources whose health the metrics describe. */
export interface SalesMetricSources {
  stateMachine: IStateMachine;
  restApi: RestApi;
  functions: Record<string, IFunction>;
}

/**
 * The health metrics of cugar-sales, defined once; alarms and any dashboard
 * draw on these rather than spelling out namespaces and statistics themselves.
 */
export class SalesMetrics {
  constructor(
    private readonly sources: SalesMetricSources,
    private readonly period: Duration,
  ) {}

  /** Runs that ended failed, timed out or aborted: each is a customer left waiting. */
  unfinishedRuns(): IMetric {
    const { stateMachine } = this.sources;
    const options = { period: this.period, statistic: 'Sum' };
    return new MathExpression({
      label: 'Runs failed, timed out or aborted',
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: stateMachine.metricFailed(options),
        timedOut: stateMachine.metricTimedOut(options),
        aborted: stateMachine.metricAborted(options),
      },
      period: this.period,
    });
  }

  /** API answers with a 5XX status: our fault, never the caller's. */
  apiServerErrors(): IMetric {
    return this.sources.restApi.metricServerError({ period: this.period, statistic: 'Sum' });
  }

  /** Invocations of one function that threw or timed out. */
  functionErrors(functionId: string): IMetric {
    const fn = this.sources.functions[functionId];
    if (!fn) throw new Error(`no function '${functionId}' to measure`);
    return fn.metricErrors({ period: this.period, statistic: 'Sum' });
  }

  /** The ids {@link functionErrors} accepts. */
  functionIds(): string[] {
    return Object.keys(this.sources.functions);
  }
}
