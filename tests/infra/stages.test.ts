import { describe, expect, it } from 'vitest';
import { tableSpecs } from '../../infra/table-specs.js';
import { resolveStageName, stageNames, stageSettings } from '../../infra/stages.js';
import { functionLogicalId, synthesizeStack, type SynthesizedStack } from './template.js';

const dev = synthesizeStack('dev');
const prod = synthesizeStack('prod');

describe('stage choice', () => {
  it('takes the stage from CDK context before CUGAR_STAGE', () => {
    expect(resolveStageName('prod', 'staging')).toBe('prod');
  });

  it('falls back to CUGAR_STAGE, then to dev', () => {
    expect(resolveStageName(undefined, 'staging')).toBe('staging');
    expect(resolveStageName(undefined, '')).toBe('dev');
    expect(resolveStageName(undefined, undefined)).toBe('dev');
  });

  it('refuses a stage it does not know', () => {
    expect(() => resolveStageName('production', undefined)).toThrow(
      "unknown stage 'production'; expected one of dev, staging, prod",
    );
  });
});

describe('per-stage settings in the template', () => {
  it('retains and deletion-protects prod tables, and lets dev tables go', () => {
    expect(tablePolicies(prod)).toEqual(Array(tableSpecs.length).fill(['Retain', 'Retain', true]));
    expect(tablePolicies(dev)).toEqual(Array(tableSpecs.length).fill(['Delete', 'Delete', false]));
  });

  it('retains prod log groups and the signing key, and deletes dev ones', () => {
    expect(new Set(deletionPolicies(prod, 'AWS::Logs::LogGroup'))).toEqual(new Set(['Retain']));
    expect(new Set(deletionPolicies(dev, 'AWS::Logs::LogGroup'))).toEqual(new Set(['Delete']));
    expect(deletionPolicies(prod, 'AWS::SecretsManager::Secret')).toEqual(['Retain']);
    expect(deletionPolicies(dev, 'AWS::SecretsManager::Secret')).toEqual(['Delete']);
  });

  it('keeps prod logs six months and dev logs a week', () => {
    expect(new Set(retentions(prod))).toEqual(new Set([180]));
    expect(new Set(retentions(dev))).toEqual(new Set([7]));
  });

  it('waits an hour for approval in dev and a day in prod', () => {
    expect(apiVariable(dev, 'APPROVAL_TIMEOUT_SECONDS')).toBe('3600');
    expect(apiVariable(prod, 'APPROVAL_TIMEOUT_SECONDS')).toBe('86400');
  });

  it('prefixes physical names with the stage', () => {
    const names = (stack: SynthesizedStack) =>
      Object.values(stack.template.findResources('AWS::Lambda::Function')).map(
        (fn) => fn.Properties.FunctionName as string,
      );

    expect(names(prod).every((name) => name.startsWith('cugar-sales-prod-'))).toBe(true);
    expect(names(dev).every((name) => name.startsWith('cugar-sales-dev-'))).toBe(true);
  });

  it('alarms with the stricter prod thresholds', () => {
    const names = [
      'UnfinishedRuns',
      'RunErrorRate',
      'ApprovalTimeouts',
      'BudgetRefusals',
      'PlannerErrors',
    ];
    const thresholds = (stack: SynthesizedStack) => {
      const resources = stack.template.toJSON().Resources;
      return names.map((name) => resources[alarmId(stack, name)].Properties.Threshold);
    };

    expect(thresholds(dev)).toEqual([5, 20, 10, 20, 5]);
    expect(thresholds(prod)).toEqual([3, 10, 5, 10, 3]);
  });

  it('bounds run budgets per stage: 100 units by default, 1000 or 2000 at most', () => {
    expect([apiVariable(dev, 'DEFAULT_RUN_BUDGET'), apiVariable(dev, 'MAX_RUN_BUDGET')]).toEqual([
      '100',
      '1000',
    ]);
    expect([apiVariable(prod, 'DEFAULT_RUN_BUDGET'), apiVariable(prod, 'MAX_RUN_BUDGET')]).toEqual([
      '100',
      '2000',
    ]);
  });

  it('refuses a default run budget above the maximum', () => {
    expect(() => synthesizeStack('dev', { defaultRunBudget: 1_001 })).toThrow(
      'dev: the default run budget exceeds the maximum',
    );
  });

  it('plans by the LLM in staging and prod, each with its own key, and by the rules in dev', () => {
    const llm = stageNames.map((stage) => [stage, stageSettings(stage).llmPlanner]);

    expect(Object.fromEntries(llm)).toEqual({
      dev: undefined,
      staging: { apiKeySecretName: 'cugar-sales-staging/openai-api-key', model: 'gpt-4.1-mini' },
      prod: { apiKeySecretName: 'cugar-sales-prod/openai-api-key', model: 'gpt-4.1-mini' },
    });
  });
});

function tablePolicies(stack: SynthesizedStack): [string, string, boolean][] {
  return Object.values(stack.template.findResources('AWS::DynamoDB::Table')).map((table) => [
    table.DeletionPolicy,
    table.UpdateReplacePolicy,
    table.Properties.DeletionProtectionEnabled ?? false,
  ]);
}

function deletionPolicies(stack: SynthesizedStack, type: string): string[] {
  return Object.values(stack.template.findResources(type)).map((r) => r.DeletionPolicy);
}

function retentions(stack: SynthesizedStack): number[] {
  return Object.values(stack.template.findResources('AWS::Logs::LogGroup')).map(
    (group) => group.Properties.RetentionInDays,
  );
}

function apiVariable(stack: SynthesizedStack, name: string): unknown {
  const fn = stack.template.toJSON().Resources[functionLogicalId(stack, 'api')];
  return fn.Properties.Environment.Variables[name];
}

function alarmId(stack: SynthesizedStack, suffix: string): string {
  const alarmName = `${stack.settings.namePrefix}-${suffix}`;
  const found = stack.template.findResources('AWS::CloudWatch::Alarm', {
    Properties: { AlarmName: alarmName },
  });
  return Object.keys(found)[0] as string;
}
