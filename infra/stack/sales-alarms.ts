import { Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageSettings } from '../stages.js';
import { pascalCase } from './names.js';
import type { SalesMetrics } from './sales-metrics.js';

/**
 * Alarms on the health metrics, with the stage's thresholds, each notifying
 * the stage's alarm topic when it has one. Without `alarmTopicArn` or
 * `alarmEmail` the alarms only show in the console: nobody is paged.
 */
export class SalesAlarms extends Construct {
  /** Every alarm, for the dashboard's alarm status widget. */
  readonly alarms: Alarm[] = [];
  /** Where alarms are sent, when the stage names a topic or an address. */
  readonly topic?: ITopic;

  constructor(scope: Construct, id: string, metrics: SalesMetrics, settings: StageSettings) {
    super(scope, id);
    const { alarms } = settings;
    this.topic = this.alarmTopic(settings);

    this.alarm('UnfinishedRuns', metrics.unfinishedRuns(), alarms.failedRuns, settings);
    this.alarm('RunErrorRate', metrics.runErrorRate(), alarms.runErrorRatePercent, settings);
    const p95Ms = alarms.runDurationP95Seconds * 1000;
    this.alarm('RunDurationP95', metrics.runDuration('p95'), p95Ms, settings);
    const timedOut = metrics.approvals().timedOut;
    this.alarm('ApprovalTimeouts', timedOut, alarms.approvalTimeouts, settings);
    const refusals = metrics.budgetRefusalsTotal();
    this.alarm('BudgetRefusals', refusals, alarms.budgetRefusals, settings);
    this.alarm('ApiServerErrors', metrics.apiServerErrors(), alarms.apiServerErrors, settings);
    for (const functionId of metrics.functionIds()) {
      const metric = metrics.functionErrors(functionId);
      this.alarm(`${pascalCase(functionId)}Errors`, metric, alarms.functionErrors, settings);
    }
  }

  private alarmTopic(settings: StageSettings): ITopic | undefined {
    if (settings.alarmTopicArn) {
      return Topic.fromTopicArn(this, 'Topic', settings.alarmTopicArn);
    }
    if (!settings.alarmEmail) return undefined;

    const topic = new Topic(this, 'Topic', {
      topicName: `${settings.namePrefix}-alarms`,
      displayName: `cugar-sales ${settings.stage} alarms`,
      enforceSSL: true,
    });
    topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notices carry alarm names and states, no run or customer data; CloudWatch ' +
        'cannot publish to a topic under the AWS-managed SNS key, and a customer key for ' +
        'this alone is not worth its cost and key policy.',
    });
    return topic;
  }

  private alarm(id: string, metric: IMetric, threshold: number, settings: StageSettings): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${settings.namePrefix}-${id}`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (this.topic) alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
