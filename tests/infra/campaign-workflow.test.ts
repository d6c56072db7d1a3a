import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  functionLogicalId,
  logicalIdOf,
  referencedIds,
  rolePermissions,
  synthesizeStack,
} from './template.js';

const dev = synthesizeStack('dev');
const machineOf = (name: string) =>
  logicalIdOf(dev.template, 'AWS::StepFunctions::StateMachine', 'StateMachineName', name);
const campaignId = machineOf('cugar-sales-dev-campaign');
const salesRunId = machineOf('cugar-sales-dev-sales-run');
const machine = dev.template.toJSON().Resources[campaignId].Properties;
const aslText = readFileSync(new URL('../../statemachines/campaign.asl.json', import.meta.url));
const asl = JSON.parse(aslText.toString('utf8'));
const permissions = () => rolePermissions(dev.template, machine.RoleArn['Fn::GetAtt'][0]);

describe('campaign workflow', () => {
  it('is a Standard state machine, traced, logging errors without run data', () => {
    expect(machine.StateMachineType).toBe('STANDARD');
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.LoggingConfiguration.Level).toBe('ERROR');
    expect(machine.LoggingConfiguration.IncludeExecutionData).toBe(false);
  });

  it('deploys the ASL file byte for byte, substituting the function and the sales run', () => {
    const location = machine.DefinitionS3Location;
    const staged = readFileSync(path.join(dev.assemblyDir, `asset.${location.Key}`));
    const placeholders = [...aslText.toString('utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);

    expect(staged.equals(aslText)).toBe(true);
    expect([...new Set(placeholders)].sort()).toEqual([
      'CampaignFunctionArn',
      'SalesRunStateMachineArn',
    ]);
    expect(machine.DefinitionSubstitutions).toEqual({
      CampaignFunctionArn: { 'Fn::GetAtt': [functionLogicalId(dev, 'campaign'), 'Arn'] },
      SalesRunStateMachineArn: { Ref: salesRunId },
    });
  });

  it('runs each account as a child sales run in a Map, at the concurrency asked for', () => {
    const score = asl.States.ScoreAccounts;
    const start = score.ItemProcessor.States.StartScoreRun;

    expect(score.Type).toBe('Map');
    expect(score.MaxConcurrencyPath).toBe('$.selection.concurrency');
    expect(start.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
    expect(start.Parameters.StateMachineArn).toBe('${SalesRunStateMachineArn}');
    expect(start.Parameters['Name.$']).toBe('$.prepared.summary.runId');
    expect(start.Catch[0].Next).toBe('RecordScoreFailure');
    expect(asl.States.DraftOutreach.ItemProcessor.States.StartDraftRun.Resource).toBe(
      start.Resource,
    );
  });

  it('may invoke only the campaign function and drive only sales-run executions', () => {
    const granted = permissions().map((p) => [p.action, referencedIds(p.resource)]);
    const executions = ['AWS::Partition', 'AWS::Region', 'AWS::AccountId', salesRunId];

    expect(granted.filter(([action]) => String(action).startsWith('lambda:'))).toEqual([
      ['lambda:InvokeFunction', [functionLogicalId(dev, 'campaign')]],
      ['lambda:InvokeFunction', [functionLogicalId(dev, 'campaign')]],
    ]);
    expect(granted.filter(([action]) => String(action).startsWith('states:')).sort()).toEqual(
      [
        ['states:DescribeExecution', executions],
        ['states:StartExecution', [salesRunId]],
        ['states:StopExecution', executions],
      ].sort(),
    );
  });

  it('may manage the events rule that .sync tasks rely on, and no other', () => {
    const events = permissions().filter((p) => p.action.startsWith('events:'));

    expect(events.map((p) => p.action).sort()).toEqual([
      'events:DescribeRule',
      'events:PutRule',
      'events:PutTargets',
    ]);
    for (const permission of events) {
      expect(JSON.stringify(permission.resource)).toContain(
        ':rule/StepFunctionsGetEventsForStepFunctionsExecutionRule',
      );
    }
  });

  it('lets the api start campaigns and outputs the machine ARN', () => {
    const api = functionLogicalId(dev, 'api');
    const fn = dev.template.toJSON().Resources[api].Properties;

    expect(fn.Environment.Variables.CAMPAIGN_STATE_MACHINE_ARN).toEqual({ Ref: campaignId });
    expect(dev.template.toJSON().Outputs.CampaignStateMachineArn.Value).toEqual({
      Ref: campaignId,
    });
  });
});
