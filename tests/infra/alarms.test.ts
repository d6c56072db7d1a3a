import { describe, expect, it } from 'vitest';
import { functionLogicalId, referencedIds, synthesizeStack } from './template.js';

const dev = synthesizeStack('dev');
const withEmail = synthesizeStack('dev', { alarmEmail: 'oncall@example.com' });
const topicArn = 'arn:aws:sns:eu-west-1:111122223333:oncall';
const withTopic = synthesizeStack('dev', { alarmTopicArn: topicArn });

type Resource = { Type: string; Properties: Record<string, any> };

function alarmsOf(stack: typeof dev): Record<string, Resource> {
  const alarms = Object.values(stack.template.findResources('AWS::CloudWatch::Alarm'));
  return Object.fromEntries(alarms.map((alarm) => [alarm.Properties.AlarmName, alarm]));
}

const byName = alarmsOf(dev);
const alarm = (suffix: string) => byName[`cugar-sales-dev-${suffix}`]?.Properties as any;

/** An alarm's input metrics by id: `m1` for a single metric, the names an expression uses. */
function inputs(properties: any): Record<string, any> {
  return Object.fromEntries(
    properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat]),
  );
}

describe('alarms', () => {
  it('watches runs, approvals, budgets, the API and every function', () => {
    expect(Object.keys(byName).sort()).toEqual(
      [
        'UnfinishedRuns',
        'RunErrorRate',
        'RunDurationP95',
        'ApprovalTimeouts',
        'BudgetRefusals',
        'ApiServerErrors',
        'ApiErrors',
        'PlannerErrors',
        'BudgetErrors',
        'ApprovalRequestErrors',
        'FinalizeErrors',
        'IntelligenceErrors',
        'EngagementErrors',
        'QualificationErrors',
        'TerritoryErrors',
        'CampaignErrors',
      ]
        .map((suffix) => `cugar-sales-dev-${suffix}`)
        .sort(),
    );
  });

  it('counts failed, timed-out and aborted runs of our state machine together', () => {
    const properties = alarm('UnfinishedRuns');
    const [expression, ...metrics] = properties.Metrics;
    const machineId = salesRunMachineId();

    expect(expression.Expression).toBe('failed + timedOut + aborted');
    expect(metrics.map((input: any) => input.MetricStat.Metric.MetricName).sort()).toEqual([
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
    expect(new Set(metrics.flatMap((input: any) => referencedIds(input)))).toEqual(
      new Set([machineId]),
    );
    expect(properties.Threshold).toBe(5);
    expect(properties.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
  });

  it('alarms on the share of ended runs that failed, in percent', () => {
    const properties = alarm('RunErrorRate');
    const names = Object.values(inputs(properties)).map((stat) => stat.Metric.MetricName);

    expect(properties.Metrics[0].Expression).toBe(
      '100 * FILL(failed, 0) / (FILL(succeeded, 0) + FILL(partial, 0) + FILL(failed, 0))',
    );
    expect(names).toEqual(['RunsSucceeded', 'RunsPartial', 'RunsFailed']);
    expect(properties.Threshold).toBe(20);
  });

  it('alarms on the P95 run duration above the approval timeout plus 15 minutes', () => {
    const properties = alarm('RunDurationP95');

    expect(properties.Metrics).toEqual([
      {
        Id: 'm1',
        Label: 'Run duration p95',
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: 'CugarSales',
            MetricName: 'RunDuration',
            Dimensions: [{ Name: 'service', Value: 'cugar-sales' }],
          },
          Period: 300,
          Stat: 'p95',
        },
      },
    ]);
    expect(properties.Threshold).toBe((3_600 + 900) * 1000);
  });

  it('alarms on approvals that timed out', () => {
    const properties = alarm('ApprovalTimeouts');
    const [stat] = Object.values(inputs(properties));

    expect(stat.Metric).toEqual({
      Namespace: 'CugarSales',
      MetricName: 'ApprovalsTimedOut',
      Dimensions: [{ Name: 'service', Value: 'cugar-sales' }],
    });
    expect([stat.Stat, properties.Threshold]).toEqual(['Sum', 10]);
  });

  it('alarms on budget refusals of all four domains together', () => {
    const properties = alarm('BudgetRefusals');
    const metrics = inputs(properties);

    expect(properties.Metrics[0].Expression).toBe(
      'FILL(intelligence, 0) + FILL(engagement, 0) + FILL(qualification, 0) + ' +
        'FILL(territory, 0)',
    );
    expect(Object.keys(metrics)).toEqual([
      'intelligence',
      'engagement',
      'qualification',
      'territory',
    ]);
    expect(metrics.territory.Metric).toEqual({
      Namespace: 'CugarSales',
      MetricName: 'BudgetReservationsRefused',
      Dimensions: [
        { Name: 'domain', Value: 'territory' },
        { Name: 'service', Value: 'cugar-sales' },
      ],
    });
    expect(properties.Threshold).toBe(20);
  });

  it('alarms on the errors of the function it names', () => {
    const properties = alarm('PlannerErrors');

    expect(properties.MetricName).toBe('Errors');
    expect(properties.Statistic).toBe('Sum');
    expect(properties.Period).toBe(300);
    expect(referencedIds(properties.Dimensions)).toEqual([functionLogicalId(dev, 'planner')]);
  });

  it('pages nobody and creates no topic when the stage names neither topic nor address', () => {
    expect(Object.values(byName).filter((a) => a.Properties.AlarmActions)).toEqual([]);
    dev.template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('creates a topic for alarmEmail, subscribes the address, and every alarm notifies it', () => {
    const topics = Object.entries(withEmail.template.findResources('AWS::SNS::Topic'));
    const [topicId, topic] = topics[0]!;
    const actions = Object.values(alarmsOf(withEmail)).map((a) => a.Properties.AlarmActions);

    expect(topics).toHaveLength(1);
    expect(topic.Properties.TopicName).toBe('cugar-sales-dev-alarms');
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: topicId },
    });
    expect(new Set(actions.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify([{ Ref: topicId }])]),
    );
  });

  it('sends every alarm to the topic of alarmTopicArn and creates none', () => {
    const actions = Object.values(alarmsOf(withTopic)).map((a) => a.Properties.AlarmActions);

    withTopic.template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(actions.length).toBe(Object.keys(byName).length);
    expect(new Set(actions.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify([topicArn])]),
    );
  });

  it('refuses a stage that names both a topic and an address', () => {
    expect(() =>
      synthesizeStack('dev', { alarmTopicArn: topicArn, alarmEmail: 'oncall@example.com' }),
    ).toThrow('dev: give alarmTopicArn or alarmEmail, not both');
  });
});

function salesRunMachineId(): string {
  const machines = dev.template.findResources('AWS::StepFunctions::StateMachine', {
    Properties: { StateMachineName: 'cugar-sales-dev-sales-run' },
  });
  return Object.keys(machines)[0] as string;
}
