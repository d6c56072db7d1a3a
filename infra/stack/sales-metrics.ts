import type { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { MathExpression, Metric, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { domains, type Domain } from '../../functions/commons/tool.js';

/**
 * The CloudWatch namespace of our own metrics. The functions learn it from
 * POWERTOOLS_METRICS_NAMESPACE, which sales-function.ts sets from here.
 */
export const metricsNamespace = 'CugarSales';

/**
 * Powertools adds `service` to every metric it emits, so each of ours carries
 * it as a dimension and must be asked for with it (POWERTOOLS_SERVICE_NAME).
 */
export const serviceName = 'cugar-sales';

/** The resources whose health the metrics describe. */
export interface SalesMetricSources {
  stateMachine: IStateMachine;
  restApi: RestApi;
  functions: Record<string, IFunction>;
}

/** The percentiles the dashboard and alarms read durations at. */
export type Percentile = 'p50' | 'p95' | 'p99';

/** A CloudWatch Logs Insights query and the log groups it reads. */
export interface LogQuery {
  logGroupNames: string[];
  queryLines: string[];
}

/**
 * The health metrics of cugar-sales, defined once; alarms and the dashboard
 * draw on these rather than spelling out namespaces and statistics themselves.
 * The names are those the functions emit (grep `emitMetric` in functions/).
 */
export class SalesMetrics {
  constructor(
    private readonly sources: SalesMetricSources,
    private readonly period: Duration,
  ) {}

  /** The domains whose tools spend budget, for one line per domain. */
  readonly domains: readonly Domain[] = domains;

  /** Runs the API started (RunsStarted, by start-run). */
  runsStarted(): IMetric {
    return this.product('RunsStarted', 'Sum', 'Runs started');
  }

  /** Runs that ended, by final status (finalize emits one of the three). */
  runsEnded(): Record<'succeeded' | 'partial' | 'failed', IMetric> {
    return {
      succeeded: this.product('RunsSucceeded', 'Sum', 'Succeeded'),
      partial: this.product('RunsPartial', 'Sum', 'Partial'),
      failed: this.product('RunsFailed', 'Sum', 'Failed'),
    };
  }

  /** Runs that ended SUCCEEDED, as a percentage of the runs that ended. */
  runSuccessRate(): IMetric {
    return this.shareOfEndedRuns('succeeded', 'Success rate (%)');
  }

  /**
   * Runs that ended FAILED, as a percentage of the runs that ended. PARTIAL is
   * not an error: a rejection, a time-out or a spent budget ends a run so.
   */
  runErrorRate(): IMetric {
    return this.shareOfEndedRuns('failed', 'Error rate (%)');
  }

  /** Start to end of a run, the human wait for approval included (RunDuration, ms). */
  runDuration(percentile: Percentile): IMetric {
    return this.product('RunDuration', percentile, `Run duration ${percentile}`);
  }

  /** Approvals by what became of them, from the request to its end. */
  approvals(): Record<'requested' | 'approved' | 'rejected' | 'timedOut', IMetric> {
    return {
      requested: this.product('ApprovalsRequested', 'Sum', 'Requested'),
      approved: this.product('ApprovalsApproved', 'Sum', 'Approved'),
      rejected: this.product('ApprovalsRejected', 'Sum', 'Rejected'),
      timedOut: this.product('ApprovalsTimedOut', 'Sum', 'Timed out'),
    };
  }

  /**
   * Approvals requested minus those decided or timed out, summed from the
   * start of the graph's range: the number waiting, if none waited before it.
   */
  approvalsWaiting(): IMetric {
    return new MathExpression({
      label: 'Approvals waiting (since the start of the range)',
      expression:
        'RUNNING_SUM(FILL(requested, 0) - FILL(approved, 0) - FILL(rejected, 0) - ' +
        'FILL(timedOut, 0))',
      usingMetrics: this.approvals(),
      period: this.period,
    });
  }

  /** Request to decision, in seconds (ApprovalDecisionTime, by decide-approval). */
  approvalDecisionTime(percentile: Percentile): IMetric {
    return this.product('ApprovalDecisionTime', percentile, `Decision time ${percentile}`);
  }

  /** Budget units reserved for the steps of one domain's tools. */
  budgetSpent(domain: Domain): IMetric {
    return this.product('BudgetUnitsSpent', 'Sum', domain, { domain });
  }

  /** Steps of one domain refused because the run's budget could not cover them. */
  budgetRefusals(domain: Domain): IMetric {
    return this.product('BudgetReservationsRefused', 'Sum', domain, { domain });
  }

  /** Budget refusals of every domain together, for an alarm (SEARCH cannot alarm). */
  budgetRefusalsTotal(): IMetric {
    const byDomain = Object.fromEntries(
      this.domains.map((domain) => [domain, this.budgetRefusals(domain)]),
    );
    return new MathExpression({
      label: 'Budget refusals',
      expression: this.domains.map((domain) => `FILL(${domain}, 0)`).join(' + '),
      usingMetrics: byDomain,
      period: this.period,
    });
  }

  /** Failed tool steps, one line per domain and tool, however many tools there are. */
  stepErrorsByTool(): IMetric {
    return this.search('StepErrors', ['domain', 'tool'], 'Step errors');
  }

  /** LLM plans not used, one line per reason class (PlannerFallbacks). */
  plannerFallbacksByReason(): IMetric {
    return this.search('PlannerFallbacks', ['reason'], 'Planner fallbacks');
  }

  /** Runs that ended failed, timed out or aborted: each is a customer left waiting. */
  unfinishedRuns(): IMetric {
    return new MathExpression({
      label: 'Runs failed, timed out or aborted',
      expression: 'failed + timedOut + aborted',
      usingMetrics: this.executions(),
      period: this.period,
    });
  }

  /** The state machine's own counts of executions that did not succeed. */
  executions(): Record<'failed' | 'timedOut' | 'aborted', IMetric> {
    const { stateMachine } = this.sources;
    const options = { period: this.period, statistic: 'Sum' };
    return {
      failed: stateMachine.metricFailed({ ...options, label: 'Failed' }),
      timedOut: stateMachine.metricTimedOut({ ...options, label: 'Timed out' }),
      aborted: stateMachine.metricAborted({ ...options, label: 'Aborted' }),
    };
  }

  /** API answers with a 5XX status: our fault, never the caller's. */
  apiServerErrors(): IMetric {
    return this.sources.restApi.metricServerError({ period: this.period, statistic: 'Sum' });
  }

  /** Invocations of one function that threw or timed out. */
  functionErrors(functionId: string): IMetric {
    return this.function(functionId).metricErrors({ period: this.period, statistic: 'Sum' });
  }

  /** Invocations of one function Lambda refused for want of concurrency. */
  functionThrottles(functionId: string): IMetric {
    return this.function(functionId).metricThrottles({ period: this.period, statistic: 'Sum' });
  }

  /** The ids {@link functionErrors} accepts. */
  functionIds(): string[] {
    return Object.keys(this.sources.functions);
  }

  /**
   * Cold starts per function, from the REPORT line Lambda writes after each
   * invocation: it carries an init duration only when the environment was new.
   * Our functions emit no ColdStart metric (instrument.ts only annotates the
   * trace), and init duration is no CloudWatch metric, so this is a log query.
   */
  coldStarts(): LogQuery {
    return {
      logGroupNames: Object.values(this.sources.functions).map((fn) => {
        return `/aws/lambda/${fn.functionName}`;
      }),
      queryLines: [
        'filter @type = "REPORT" and ispresent(@initDuration)',
        'stats count(*) as coldStarts, pct(@initDuration, 95) as initP95Ms by @log',
        'sort coldStarts desc',
      ],
    };
  }

  private function(functionId: string): IFunction {
    const fn = this.sources.functions[functionId];
    if (!fn) throw new Error(`no function '${functionId}' to measure`);
    return fn;
  }

  private shareOfEndedRuns(outcome: 'succeeded' | 'failed', label: string): IMetric {
    const ended = 'FILL(succeeded, 0) + FILL(partial, 0) + FILL(failed, 0)';
    return new MathExpression({
      label,
      expression: `100 * FILL(${outcome}, 0) / (${ended})`,
      usingMetrics: this.runsEnded(),
      period: this.period,
    });
  }

  private product(
    metricName: string,
    statistic: string,
    label: string,
    dimensions: Record<string, string> = {},
  ): Metric {
    return new Metric({
      namespace: metricsNamespace,
      metricName,
      dimensionsMap: { service: serviceName, ...dimensions },
      statistic,
      period: this.period,
      label,
    });
  }

  /** Every series of a metric whatever the values of `dimensions`: for graphs only. */
  private search(metricName: string, dimensions: string[], label: string): IMetric {
    const schema = [metricsNamespace, 'service', ...dimensions].join(',');
    const seconds = this.period.toSeconds();
    return new MathExpression({
      label,
      expression: `SEARCH('{${schema}} MetricName="${metricName}"', 'Sum', ${seconds})`,
      usingMetrics: {},
      period: this.period,
    });
  }
}
