import { Aws, Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  TextWidget,
  type IAlarm,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { StageSettings } from '../stages.js';
import type { SalesMetrics } from './sales-metrics.js';

/** What the dashboard shows. */
export interface SalesDashboardProps {
  settings: StageSettings;
  metrics: SalesMetrics;
  /** Shown by state at the top, so a glance tells whether anything is wrong. */
  alarms: IAlarm[];
}

const width = 8;
const height = 6;

/**
 * One CloudWatch dashboard per stage, read top to bottom: alarms, the golden
 * signals of runs, approvals, budget, then the Lambda and Step Functions
 * details an on-call engineer reaches for next. Widgets only: every metric
 * comes from sales-metrics.ts.
 */
export class SalesDashboard extends Construct {
  readonly dashboardName: string;
  /** The dashboard in the CloudWatch console of the stack's region. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SalesDashboardProps) {
    super(scope, id);
    const { settings, metrics } = props;
    this.dashboardName = settings.namePrefix;
    const region = Aws.REGION;
    this.url =
      `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}` +
      `#dashboards:name=${this.dashboardName}`;

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.days(1),
    });
    dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 3 }),
    );
    dashboard.addWidgets(...runWidgets(metrics));
    dashboard.addWidgets(...approvalWidgets(metrics));
    dashboard.addWidgets(...budgetWidgets(metrics));
    dashboard.addWidgets(...lambdaWidgets(metrics));
    dashboard.addWidgets(...workflowWidgets(metrics));
  }
}

function graph(title: string, left: IMetric[], extra: Partial<GraphWidgetOptions> = {}) {
  return new GraphWidget({ title, left, width, height, ...extra });
}

type GraphWidgetOptions = ConstructorParameters<typeof GraphWidget>[0];

function runWidgets(metrics: SalesMetrics): IWidget[] {
  const ended = metrics.runsEnded();
  return [
    graph('Runs started and ended', [
      metrics.runsStarted(),
      ended.succeeded,
      ended.partial,
      ended.failed,
    ]),
    graph('Run success and error rate (%)', [metrics.runSuccessRate(), metrics.runErrorRate()], {
      leftYAxis: { min: 0, max: 100 },
    }),
    graph('Run duration, approval wait included (ms)', [
      metrics.runDuration('p50'),
      metrics.runDuration('p95'),
      metrics.runDuration('p99'),
    ]),
  ];
}

function approvalWidgets(metrics: SalesMetrics): IWidget[] {
  const approvals = metrics.approvals();
  return [
    graph('Approvals', [
      approvals.requested,
      approvals.approved,
      approvals.rejected,
      approvals.timedOut,
    ]),
    graph('Approvals waiting', [metrics.approvalsWaiting()]),
    graph('Approval decision time (s)', [
      metrics.approvalDecisionTime('p50'),
      metrics.approvalDecisionTime('p95'),
    ]),
  ];
}

function budgetWidgets(metrics: SalesMetrics): IWidget[] {
  return [
    graph(
      'Budget units spent by domain',
      metrics.domains.map((domain) => metrics.budgetSpent(domain)),
      { stacked: true },
    ),
    graph(
      'Budget refusals by domain',
      metrics.domains.map((domain) => metrics.budgetRefusals(domain)),
    ),
    graph('Step errors by tool, and planner fallbacks', [
      metrics.stepErrorsByTool(),
      metrics.plannerFallbacksByReason(),
    ]),
  ];
}

function lambdaWidgets(metrics: SalesMetrics): IWidget[] {
  const ids = metrics.functionIds();
  const coldStarts = metrics.coldStarts();
  return [
    graph(
      'Lambda errors',
      ids.map((id) => metrics.functionErrors(id)),
    ),
    graph(
      'Lambda throttles',
      ids.map((id) => metrics.functionThrottles(id)),
    ),
    new LogQueryWidget({
      title: 'Lambda cold starts (REPORT lines with an init duration)',
      logGroupNames: coldStarts.logGroupNames,
      queryLines: coldStarts.queryLines,
      view: LogQueryVisualizationType.TABLE,
      width,
      height,
    }),
  ];
}

function workflowWidgets(metrics: SalesMetrics): IWidget[] {
  const executions = metrics.executions();
  return [
    graph('Executions failed, timed out, aborted', [
      executions.failed,
      executions.timedOut,
      executions.aborted,
    ]),
    graph('API 5XX answers', [metrics.apiServerErrors()]),
    new TextWidget({
      markdown:
        '**Approvals waiting** sums requests minus decisions and time-outs from the start ' +
        'of the range: it is exact only when nothing waited before it.\n\n' +
        '**Run duration** includes the wait for a human decision.',
      width,
      height,
    }),
  ];
}
