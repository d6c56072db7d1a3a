import { Validations } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import type { StageSettings } from '../stages.js';
import type { FunctionId, SalesFunctions } from './functions.js';
import { nagLogicalId } from './nag-ids.js';
import { repoPath } from './repo-paths.js';

/** The workflow definition, the same file the local stack runs. */
export const definitionFile = 'statemachines/sales-run.asl.json';

/**
 * The `${...}` placeholders of the definition and the function each one names.
 * Only these functions are invoked by the workflow, so only these are granted.
 */
export const definitionFunctions = {
  PlannerFunctionArn: 'planner',
  BudgetFunctionArn: 'budget',
  IntelligenceFunctionArn: 'intelligence',
  EngagementFunctionArn: 'engagement',
  QualificationFunctionArn: 'qualification',
  TerritoryFunctionArn: 'territory',
  ApprovalRequestFunctionArn: 'approvalRequest',
  FinalizeFunctionArn: 'finalize',
} as const satisfies Record<string, FunctionId>;

/** What the workflow needs from the rest of the stack. */
export interface SalesRunWorkflowProps {
  settings: StageSettings;
  functions: SalesFunctions;
}

/**
 * The sales-run state machine: a Standard workflow (runs wait days for a human)
 * from the shared ASL file, traced, with errors logged without run data.
 */
export class SalesRunWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: SalesRunWorkflowProps) {
    super(scope, id);
    const { settings, functions } = props;

    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${settings.namePrefix}-sales-run`,
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    const substitutions = Object.entries(definitionFunctions).map(
      ([placeholder, functionId]) => [placeholder, functions.byId[functionId]] as const,
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `${settings.namePrefix}-sales-run`,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(repoPath(definitionFile)),
      definitionSubstitutions: Object.fromEntries(
        substitutions.map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ERROR, includeExecutionData: false },
      removalPolicy: settings.removalPolicy,
    });

    for (const [, fn] of substitutions) fn.grantInvoke(this.stateMachine);
    this.acknowledgeFindings(substitutions.map(([, fn]) => fn));
  }

  private acknowledgeFindings(invoked: readonly IConstruct[]): void {
    Validations.of(this.stateMachine.node.findChild('Resource')).acknowledge({
      id: 'AwsSolutions-SF1',
      reason:
        'Logs errors only, without execution data: run inputs hold contact details and ' +
        'drafts. X-Ray traces and the run record in DynamoDB show every step instead.',
    });
    const policy = this.stateMachine.role.node.findChild('DefaultPolicy');
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'What Step Functions needs for X-Ray and for delivering logs to CloudWatch Logs; ' +
        'those actions take no resource ARN.',
    });
    for (const fn of invoked) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${nagLogicalId(fn)}.Arn>:*]`,
        reason:
          "The versions and aliases of one function the workflow invokes, as CDK's " +
          'grantInvoke adds them; no other function.',
      });
    }
  }
}
