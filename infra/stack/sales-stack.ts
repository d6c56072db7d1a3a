import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { tableSpecs } from '../table-specs.js';
import { checkStageSettings, type StageSettings } from '../stages.js';
import { SalesApi } from './api.js';
import { ApprovalSigningKey } from './approval-key.js';
import { CampaignWorkflow } from './campaign-workflow.js';
import { SalesFunctions } from './functions.js';
import { nagLogicalId } from './nag-ids.js';
import { pascalCase } from './names.js';
import { PlannerLlm } from './planner-llm.js';
import { SalesAlarms } from './sales-alarms.js';
import { SalesDashboard } from './sales-dashboard.js';
import { SalesMetrics } from './sales-metrics.js';
import { SalesTables } from './tables.js';
import { SalesRunWorkflow } from './workflow.js';

/** A stack for one stage; the settings are the only input. */
export interface SalesStackProps extends StackProps {
  settings: StageSettings;
}

/**
 * One deployment of cugar-sales. The constructs each own one concern; this
 * class only wires them: who may call whom, and who learns whose address.
 */
export class SalesStack extends Stack {
  constructor(scope: Construct, id: string, props: SalesStackProps) {
    super(scope, id, props);
    const { settings } = props;
    checkStageSettings(settings);

    const tables = new SalesTables(this, 'Tables', settings);
    const functions = new SalesFunctions(this, 'Functions', { settings, tables });
    const signingKey = new ApprovalSigningKey(this, 'ApprovalSigningKey', settings);
    const workflow = new SalesRunWorkflow(this, 'Workflow', { settings, functions });
    const api = new SalesApi(this, 'Api', { settings, handler: functions.byId.api });
    const { stateMachine } = workflow;

    const apiFunction = functions.byId.api;
    apiFunction.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    apiFunction.addEnvironment('DEFAULT_RUN_BUDGET', String(settings.defaultRunBudget));
    apiFunction.addEnvironment('MAX_RUN_BUDGET', String(settings.maxRunBudget));
    apiFunction.addEnvironment('APPROVAL_TIMEOUT_SECONDS', String(settings.approvalTimeoutSeconds));
    apiFunction.addEnvironment('APPROVAL_KEY_SECRET_ARN', signingKey.secretArn);
    stateMachine.grantStartExecution(apiFunction);
    stateMachine.grant(apiFunction, 'states:SendTaskSuccess', 'states:SendTaskFailure');
    stateMachine.grantExecution(apiFunction, 'states:DescribeExecution', 'states:StopExecution');
    const executions =
      'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:' +
      `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${nagLogicalId(stateMachine)}"}]}]}:*`;
    Validations.of(apiFunction.role!.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${executions}]`,
      reason:
        'The executions of our one state machine, whose names are run ids made at run time; ' +
        'the api reads and stops them and reaches no other machine.',
    });
    signingKey.grantRead(apiFunction);

    const approvalRequest = functions.byId.approvalRequest;
    approvalRequest.addEnvironment('PUBLIC_API_URL', api.url);
    approvalRequest.addEnvironment('APPROVAL_KEY_SECRET_ARN', signingKey.secretArn);
    signingKey.grantRead(approvalRequest);

    const campaigns = new CampaignWorkflow(this, 'CampaignWorkflow', {
      settings,
      campaignFunction: functions.byId.campaign,
      salesRun: stateMachine,
    });
    const campaignMachine = campaigns.stateMachine;
    apiFunction.addEnvironment('CAMPAIGN_STATE_MACHINE_ARN', campaignMachine.stateMachineArn);
    campaignMachine.grantStartExecution(apiFunction);

    if (settings.llmPlanner) {
      // The API then leaves goals the rules cannot read to the LLM planner.
      apiFunction.addEnvironment('LLM_PLANNER_ENABLED', 'true');
      new PlannerLlm(this, 'PlannerLlm', {
        planner: functions.byId.planner,
        llm: settings.llmPlanner,
      });
    }

    const metrics = new SalesMetrics(
      { stateMachine, restApi: api.restApi, functions: functions.byId },
      settings.alarms.period,
    );
    const alarms = new SalesAlarms(this, 'Alarms', metrics, settings);
    const dashboard = new SalesDashboard(this, 'Dashboard', {
      settings,
      metrics,
      alarms: alarms.alarms,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'DashboardUrl', { value: dashboard.url });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'CampaignStateMachineArn', { value: campaignMachine.stateMachineArn });
    for (const spec of tableSpecs) {
      const { tableName } = tables.byId[spec.id];
      new CfnOutput(this, `${pascalCase(spec.id)}TableName`, { value: tableName });
    }
  }
}
