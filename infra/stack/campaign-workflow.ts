import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
  type IStateMachine,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import type { StageSettings } from '../stages.js';
import type { SalesFunction } from './sales-function.js';
import { repoPath } from './repo-paths.js';

/** The campaign definition, the same file the local stack runs. */
export const campaignDefinitionFile = 'statemachines/campaign.asl.json';

/**
 * The rule Step Functions manages in the account to learn when a child
 * execution started by a `.sync` task ends.
 */
export const syncEventsRule = 'StepFunctionsGetEventsForStepFunctionsExecutionRule';

/** What the campaign workflow needs from the rest of the stack. */
export interface CampaignWorkflowProps {
  settings: StageSettings;
  /** The function behind every Lambda task of the campaign. */
  campaignFunction: SalesFunction;
  /** The sales-run machine each account's child run executes on. */
  salesRun: IStateMachine;
}

/**
 * The campaign state machine: a Standard workflow (its drafts wait days for a
 * human) that runs the sales-run machine once per account through
 * `states:startExecution.sync:2`, so it may start, read and stop executions
 * of that machine and manage the events rule `.sync` relies on.
 */
export class CampaignWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: CampaignWorkflowProps) {
    super(scope, id);
    const { settings, campaignFunction, salesRun } = props;

    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${settings.namePrefix}-campaign`,
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `${settings.namePrefix}-campaign`,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(repoPath(campaignDefinitionFile)),
      definitionSubstitutions: {
        CampaignFunctionArn: campaignFunction.functionArn,
        SalesRunStateMachineArn: salesRun.stateMachineArn,
      },
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ERROR, includeExecutionData: false },
      removalPolicy: settings.removalPolicy,
    });

    campaignFunction.grantInvoke(this.stateMachine);
    salesRun.grantStartExecution(this.stateMachine);
    salesRun.grantExecution(this.stateMachine, 'states:DescribeExecution', 'states:StopExecution');
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [
          Stack.of(this).formatArn({
            service: 'events',
            resource: 'rule',
            resourceName: syncEventsRule,
          }),
        ],
      }),
    );
    this.acknowledgeFindings(campaignFunction, salesRun);
  }

  /** The cdk-nag findings this machine raises by design, each with its reason. */
  private acknowledgeFindings(campaignFunction: IConstruct, salesRun: IConstruct): void {
    Validations.of(this.stateMachine.node.findChild('Resource')).acknowledge({
      id: 'AwsSolutions-SF1',
      reason:
        'Logs errors only, without execution data: campaign inputs lead to contact details ' +
        'and drafts. X-Ray and the campaign record in DynamoDB show every step instead.',
    });
    const policy = this.stateMachine.role.node.findChild('DefaultPolicy');
    const acknowledge = (resource: string, reason: string) =>
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason,
      });
    acknowledge(
      '*',
      'What Step Functions needs for X-Ray and for delivering logs to CloudWatch Logs; ' +
        'those actions take no resource ARN.',
    );
    acknowledge(
      `<${logicalIdOf(campaignFunction)}.Arn>:*`,
      "The versions and aliases of the campaign function, as CDK's grantInvoke adds them.",
    );
    acknowledge(
      'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:' +
        `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalIdOf(salesRun)}"}]}]}:*`,
      'The executions of the sales-run machine, named by run ids made at run time: ' +
        'a .sync task reads and stops the child runs it started; no other machine.',
    );
  }
}

/** The logical id cdk-nag names a construct's resource by. */
function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
