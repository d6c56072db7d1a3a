import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionLogicalId, referencedIds, rolePermissions, synthesizeStack } from './template.js';

const dev = synthesizeStack('dev');
const resources = dev.template.toJSON().Resources;
const [machineId, machine] = Object.entries(
  dev.template.findResources('AWS::StepFunctions::StateMachine', {
    Properties: { StateMachineName: 'cugar-sales-dev-sales-run' },
  }),
)[0] as [string, { Properties: Record<string, any> }];
const aslText = readFileSync(new URL('../../statemachines/sales-run.asl.json', import.meta.url));

/** Placeholder to function name, written out from the brief. */
const expectedSubstitutions: Record<string, string> = {
  PlannerFunctionArn: 'planner',
  BudgetFunctionArn: 'budget',
  IntelligenceFunctionArn: 'intelligence',
  EngagementFunctionArn: 'engagement',
  QualificationFunctionArn: 'qualification',
  TerritoryFunctionArn: 'territory',
  ApprovalRequestFunctionArn: 'approval-request',
  FinalizeFunctionArn: 'finalize',
};

describe('sales-run workflow', () => {
  it('is a Standard state machine, traced, logging errors without run data', () => {
    // The other machine is the campaign's: tests/infra/campaign-workflow.test.ts.
    dev.template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    const logGroupId =
      machine.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn[
        'Fn::GetAtt'
      ][0];

    expect(machine.Properties.StateMachineName).toBe('cugar-sales-dev-sales-run');
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ERROR');
    expect(machine.Properties.LoggingConfiguration.IncludeExecutionData).toBe(false);
    expect(resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
  });

  // DefinitionBody.fromFile uploads the file as an asset: the template carries
  // DefinitionS3Location, not DefinitionString, and CloudFormation substitutes.
  it('deploys the ASL file byte for byte, as an asset, with no inline definition', () => {
    const location = machine.Properties.DefinitionS3Location;
    const staged = readFileSync(path.join(dev.assemblyDir, `asset.${location.Key}`));

    expect(machine.Properties.DefinitionString).toBeUndefined();
    expect(location.Key).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(staged.equals(aslText)).toBe(true);
  });

  it('substitutes exactly the eight function ARNs, each with its own function', () => {
    const substitutions = machine.Properties.DefinitionSubstitutions;

    expect(Object.keys(substitutions).sort()).toEqual(Object.keys(expectedSubstitutions).sort());
    for (const [placeholder, name] of Object.entries(expectedSubstitutions)) {
      expect(substitutions[placeholder]).toEqual({
        'Fn::GetAtt': [functionLogicalId(dev, name), 'Arn'],
      });
    }
  });

  it('leaves no placeholder in the definition without a substitution', () => {
    const placeholders = [...aslText.toString('utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);

    expect([...new Set(placeholders)].sort()).toEqual(Object.keys(expectedSubstitutions).sort());
  });

  it('waits for approval on a task token, for as long as the run input says', () => {
    const asl = JSON.parse(aslText.toString('utf8'));
    const wait = asl.States.WaitForApproval;

    expect(wait.Type).toBe('Task');
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.TimeoutSecondsPath).toBe('$.approvalTimeoutSeconds');
    expect(wait.Parameters.FunctionName).toBe('${ApprovalRequestFunctionArn}');
    expect(wait.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
  });

  it('lets the machine invoke exactly the eight functions, and not the api', () => {
    const roleId = machine.Properties.RoleArn['Fn::GetAtt'][0];
    const invoked = rolePermissions(dev.template, roleId)
      .filter((p) => p.action === 'lambda:InvokeFunction')
      .flatMap((p) => referencedIds(p.resource));

    const expected = Object.values(expectedSubstitutions).map((n) => functionLogicalId(dev, n));
    expect([...new Set(invoked)].sort()).toEqual(expected.sort());
    expect(invoked).not.toContain(functionLogicalId(dev, 'api'));
  });

  it('outputs the state machine ARN', () => {
    expect(dev.template.toJSON().Outputs.StateMachineArn.Value).toEqual({ Ref: machineId });
  });
});
