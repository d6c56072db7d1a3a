import { describe, expect, it } from 'vitest';
import { functionLogicalId, referencedIds, synthesizeStack } from './template.js';

const dev = synthesizeStack('dev');
const alarms = Object.values(dev.template.findResources('AWS::CloudWatch::Alarm'));
const byName = Object.fromEntries(alarms.map((alarm) => [alarm.Properties.AlarmName, alarm]));

describe('alarms', () => {
  it('watches unfinished runs, API 5XX answers and every function', () => {
    expect(Object.keys(byName).sort()).toEqual(
      [
        'UnfinishedRuns',
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
      ]
        .map((suffix) => `cugar-sales-dev-${suffix}`)
        .sort(),
    );
  });

  it('counts failed, timed-out and aborted runs of our state machine together', () => {
    const alarm = byName['cugar-sales-dev-UnfinishedRuns'].Properties;
    const [expression, ...inputs] = alarm.Metrics;
    const machines = dev.template.findResources('AWS::StepFunctions::StateMachine');
    const machineId = Object.keys(machines)[0];

    expect(expression.Expression).toBe('failed + timedOut + aborted');
    expect(inputs.map((input: any) => input.MetricStat.Metric.MetricName).sort()).toEqual([
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
    expect(new Set(inputs.flatMap((input: any) => referencedIds(input)))).toEqual(
      new Set([machineId]),
    );
    expect(alarm.Threshold).toBe(5);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
  });

  it('alarms on the errors of the function it names', () => {
    const alarm = byName['cugar-sales-dev-PlannerErrors'].Properties;

    expect(alarm.MetricName).toBe('Errors');
    expect(alarm.Statistic).toBe('Sum');
    expect(alarm.Period).toBe(300);
    expect(referencedIds(alarm.Dimensions)).toEqual([functionLogicalId(dev, 'planner')]);
  });

  // Known gap, asserted so that wiring a topic is a deliberate change here.
  it('pages nobody yet: no alarm has an action', () => {
    expect(alarms.filter((alarm) => alarm.Properties.AlarmActions)).toEqual([]);
  });
});
