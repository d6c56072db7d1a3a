import { describe, expect, it } from 'vitest';
import { functionLogicalId, referencedIds, synthesizeStack } from './template.js';

const dev = synthesizeStack('dev');
const [, dashboard] = Object.entries(
  dev.template.findResources('AWS::CloudWatch::Dashboard'),
)[0] as [string, { Properties: Record<string, any> }];

/** The dashboard body with each reference written `<LogicalId>`, parsed. */
const body = JSON.parse(
  (dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[])
    .map((part) => (typeof part === 'string' ? part : `<${referencedIds(part).join()}>`))
    .join(''),
) as { widgets: Widget[] };

interface Widget {
  type: string;
  properties: { title?: string; metrics?: unknown[][]; query?: string; alarms?: string[] };
}

const byTitle = Object.fromEntries(
  body.widgets.filter((w) => w.properties.title).map((w) => [w.properties.title, w.properties]),
);

/** A widget's lines: `Namespace MetricName dim=value ... stat` or the expression. */
function lines(title: string): string[] {
  const widget = byTitle[title];
  if (!widget?.metrics) throw new Error(`no metric widget '${title}'`);
  return widget.metrics.map((line: unknown[]) => {
    const options = line.at(-1) as { expression?: string; stat?: string; visible?: boolean };
    if (options.expression) return `= ${options.expression}`;
    const [namespace, name, ...dimensions] = line.slice(0, -1) as string[];
    const pairs = [];
    for (let i = 0; i < dimensions.length; i += 2) {
      pairs.push(`${dimensions[i]}=${dimensions[i + 1]}`);
    }
    const hidden = options.visible === false ? ' (hidden)' : '';
    return [namespace, name, ...pairs, options.stat].join(' ') + hidden;
  });
}

const service = 'service=cugar-sales';

describe('dashboard', () => {
  it('is one dashboard named after the stage, with its console URL as an output', () => {
    dev.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);

    expect(dashboard.Properties.DashboardName).toBe('cugar-sales-dev');
    expect(dev.template.toJSON().Outputs.DashboardUrl.Value).toEqual({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: 'AWS::Region' },
          '.console.aws.amazon.com/cloudwatch/home?region=',
          { Ref: 'AWS::Region' },
          '#dashboards:name=cugar-sales-dev',
        ],
      ],
    });
  });

  it('opens with the state of every alarm', () => {
    const alarmIds = Object.keys(dev.template.findResources('AWS::CloudWatch::Alarm'));

    expect(body.widgets[0]?.type).toBe('alarm');
    expect(body.widgets[0]?.properties.alarms).toEqual(alarmIds.map((id) => `<${id}>`));
  });

  it('shows the golden signals of runs: rate, success and error rate, P50/P95/P99 duration', () => {
    const ended = 'FILL(succeeded, 0) + FILL(partial, 0) + FILL(failed, 0)';

    expect(lines('Runs started and ended')).toEqual([
      `CugarSales RunsStarted ${service} Sum`,
      `CugarSales RunsSucceeded ${service} Sum`,
      `CugarSales RunsPartial ${service} Sum`,
      `CugarSales RunsFailed ${service} Sum`,
    ]);
    expect(lines('Run success and error rate (%)')).toEqual([
      `= 100 * FILL(succeeded, 0) / (${ended})`,
      `CugarSales RunsSucceeded ${service} Sum (hidden)`,
      `CugarSales RunsPartial ${service} Sum (hidden)`,
      `CugarSales RunsFailed ${service} Sum (hidden)`,
      `= 100 * FILL(failed, 0) / (${ended})`,
    ]);
    expect(lines('Run duration, approval wait included (ms)')).toEqual([
      `CugarSales RunDuration ${service} p50`,
      `CugarSales RunDuration ${service} p95`,
      `CugarSales RunDuration ${service} p99`,
    ]);
  });

  it('shows approvals by outcome, those waiting, and the decision time', () => {
    expect(lines('Approvals')).toEqual([
      `CugarSales ApprovalsRequested ${service} Sum`,
      `CugarSales ApprovalsApproved ${service} Sum`,
      `CugarSales ApprovalsRejected ${service} Sum`,
      `CugarSales ApprovalsTimedOut ${service} Sum`,
    ]);
    expect(lines('Approvals waiting')[0]).toBe(
      '= RUNNING_SUM(FILL(requested, 0) - FILL(approved, 0) - FILL(rejected, 0) - ' +
        'FILL(timedOut, 0))',
    );
    expect(lines('Approval decision time (s)')).toEqual([
      `CugarSales ApprovalDecisionTime ${service} p50`,
      `CugarSales ApprovalDecisionTime ${service} p95`,
    ]);
  });

  it('shows budget spend and refusals by domain, step errors by tool and planner fallbacks', () => {
    const domains = ['intelligence', 'engagement', 'qualification', 'territory'];

    expect(lines('Budget units spent by domain')).toEqual(
      domains.map((d) => `CugarSales BudgetUnitsSpent domain=${d} ${service} Sum`),
    );
    expect(lines('Budget refusals by domain')).toEqual(
      domains.map((d) => `CugarSales BudgetReservationsRefused domain=${d} ${service} Sum`),
    );
    expect(lines('Step errors by tool, and planner fallbacks')).toEqual([
      `= SEARCH('{CugarSales,service,domain,tool} MetricName="StepErrors"', 'Sum', 300)`,
      `= SEARCH('{CugarSales,service,reason} MetricName="PlannerFallbacks"', 'Sum', 300)`,
    ]);
  });

  it("shows each function's errors and throttles from Lambda's own metrics", () => {
    const names = ['api', 'planner', 'budget', 'approval-request', 'finalize'];
    const ids = names.map((name) => functionLogicalId(dev, name));

    expect(lines('Lambda errors').slice(0, 5)).toEqual(
      ids.map((id) => `AWS/Lambda Errors FunctionName=<${id}> Sum`),
    );
    expect(lines('Lambda throttles').slice(0, 5)).toEqual(
      ids.map((id) => `AWS/Lambda Throttles FunctionName=<${id}> Sum`),
    );
    expect(lines('Lambda errors')).toHaveLength(
      Object.keys(dev.template.findResources('AWS::Lambda::Function')).length,
    );
  });

  it('counts cold starts from the REPORT lines of every function log group', () => {
    const widget = byTitle['Lambda cold starts (REPORT lines with an init duration)'];
    const functionCount = Object.keys(dev.template.findResources('AWS::Lambda::Function')).length;
    const sources = [...(widget?.query ?? '').matchAll(/SOURCE '([^']+)'/g)].map((m) => m[1]);

    expect(sources).toHaveLength(functionCount);
    expect(sources[0]).toBe(`/aws/lambda/<${functionLogicalId(dev, 'api')}>`);
    expect(widget?.query).toContain('filter @type = "REPORT" and ispresent(@initDuration)');
  });

  it('shows executions that failed, timed out or were aborted, and API 5XX answers', () => {
    const machines = dev.template.findResources('AWS::StepFunctions::StateMachine', {
      Properties: { StateMachineName: 'cugar-sales-dev-sales-run' },
    });
    const machine = `StateMachineArn=<${Object.keys(machines)[0]}>`;

    expect(lines('Executions failed, timed out, aborted')).toEqual([
      `AWS/States ExecutionsFailed ${machine} Sum`,
      `AWS/States ExecutionsTimedOut ${machine} Sum`,
      `AWS/States ExecutionsAborted ${machine} Sum`,
    ]);
    expect(lines('API 5XX answers')).toEqual([
      'AWS/ApiGateway 5XXError ApiName=cugar-sales-dev-api Sum',
    ]);
  });
});
