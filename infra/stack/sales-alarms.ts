import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { StageSettings } from '../stages.js';
import { pascalCase } from './names.js';
import type { SalesMetrics } from './sales-metrics.js';

/**
 * Alarms on the health metrics, with the stage's thresholds.
 * Known gap: no alarm has an action yet, so nobody is paged until a topic is wired.
 */
export class SalesAlarms extends Construct {
  constructor(scope: Construct, id: string, metrics: SalesMetrics, settings: StageSettings) {
    super(scope, id);
    const { alarms } = settings;

    this.alarm('UnfinishedRuns', metrics.unfinishedRuns(), alarms.failedRuns, settings);
    this.alarm('ApiServerErrors', metrics.apiServerErrors(), alarms.apiServerErrors, settings);
    for (const functionId of metrics.functionIds()) {
      const metric = metrics.functionErrors(functionId);
      this.alarm(`${pascalCase(functionId)}Errors`, metric, alarms.functionErrors, settings);
    }
  }

  private alarm(id: string, metric: IMetric, threshold: number, settings: StageSettings): void {
    new Alarm(this, id, {
      alarmName: `${settings.namePrefix}-${id}`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
