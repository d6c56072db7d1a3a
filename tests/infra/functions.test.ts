import { describe, expect, it } from 'vitest';
import {
  functionLogicalId,
  functionRoleId,
  logicalIdOf,
  referencedIds,
  rolePermissions,
  synthesizeStack,
  tableLogicalId,
  type SynthesizedStack,
} from './template.js';

const dev = synthesizeStack('dev');
const resources = dev.template.toJSON().Resources;
const staging = synthesizeStack('staging');
const llmAtOwnServer = synthesizeStack('dev', {
  llmPlanner: {
    apiKeySecretName: 'cugar-sales-dev/openai-api-key',
    model: 'local-model',
    baseUrl: 'https://llm.internal.example/v1',
  },
});

/** Written out from the brief, not read from the app, so a slip in either shows. */
const expectedTableAccess: Record<string, Record<string, 'read' | 'readWrite'>> = {
  api: {
    runs: 'readWrite',
    budgets: 'readWrite',
    approvals: 'readWrite',
    crm: 'read',
    idempotency: 'readWrite',
    campaigns: 'readWrite',
  },
  planner: { runs: 'readWrite', crm: 'read', budgets: 'readWrite' },
  budget: { runs: 'readWrite', budgets: 'readWrite' },
  intelligence: { runs: 'readWrite', crm: 'read' },
  engagement: { runs: 'readWrite', crm: 'read' },
  qualification: { runs: 'readWrite', crm: 'read' },
  territory: { runs: 'readWrite', crm: 'read' },
  'approval-request': { runs: 'readWrite', approvals: 'readWrite' },
  finalize: { runs: 'readWrite', approvals: 'readWrite', budgets: 'read' },
  campaign: { campaigns: 'readWrite', runs: 'readWrite', budgets: 'readWrite', crm: 'read' },
};
const functionNames = Object.keys(expectedTableAccess);
const tableIds = ['runs', 'budgets', 'approvals', 'crm', 'idempotency', 'campaigns'];

describe('functions', () => {
  it('deploys exactly the ten functions', () => {
    dev.template.resourceCountIs('AWS::Lambda::Function', functionNames.length);
  });

  it.each(functionNames)('runs %s on Node 22, arm64, with X-Ray active', (name) => {
    const fn = resources[functionLogicalId(dev, name)].Properties;

    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Handler).toBe('index.handler');
    const logGroup = resources[fn.LoggingConfig.LogGroup.Ref].Properties;
    expect(logGroup.LogGroupName).toBe(`/aws/lambda/cugar-sales-dev-${name}`);
  });

  it.each(functionNames)('gives %s the table names and Powertools settings', (name) => {
    const variables = resources[functionLogicalId(dev, name)].Properties.Environment.Variables;

    expect(variables).toMatchObject({
      RUNS_TABLE: { Ref: tableLogicalId(dev, 'runs') },
      BUDGETS_TABLE: { Ref: tableLogicalId(dev, 'budgets') },
      APPROVALS_TABLE: { Ref: tableLogicalId(dev, 'approvals') },
      CRM_TABLE: { Ref: tableLogicalId(dev, 'crm') },
      IDEMPOTENCY_TABLE: { Ref: tableLogicalId(dev, 'idempotency') },
      POWERTOOLS_SERVICE_NAME: 'cugar-sales',
      POWERTOOLS_METRICS_NAMESPACE: 'CugarSales',
    });
  });

  it('tells the api the machine, the defaults and the key, and nothing more', () => {
    const variables = resources[functionLogicalId(dev, 'api')].Properties.Environment.Variables;

    expect(Object.keys(variables).sort()).toEqual([
      'APPROVALS_TABLE',
      'APPROVAL_KEY_SECRET_ARN',
      'APPROVAL_TIMEOUT_SECONDS',
      'BUDGETS_TABLE',
      'CAMPAIGNS_TABLE',
      'CAMPAIGN_STATE_MACHINE_ARN',
      'CRM_TABLE',
      'DEFAULT_RUN_BUDGET',
      'IDEMPOTENCY_TABLE',
      'MAX_RUN_BUDGET',
      'NODE_OPTIONS',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'RUNS_TABLE',
      'STATE_MACHINE_ARN',
    ]);
    expect(variables.STATE_MACHINE_ARN).toEqual({ Ref: stateMachineId() });
    expect(variables.CAMPAIGN_STATE_MACHINE_ARN).toEqual({ Ref: stateMachineId('campaign') });
    expect(variables.APPROVAL_KEY_SECRET_ARN).toEqual({ Ref: secretId() });
    expect(variables.DEFAULT_RUN_BUDGET).toBe('100');
    expect(variables.MAX_RUN_BUDGET).toBe('1000');
    expect(variables.APPROVAL_TIMEOUT_SECONDS).toBe('3600');
  });

  it('tells the approval-request function the API URL and the key', () => {
    const fn = resources[functionLogicalId(dev, 'approval-request')].Properties;
    const variables = fn.Environment.Variables;

    expect(variables.APPROVAL_KEY_SECRET_ARN).toEqual({ Ref: secretId() });
    expect(variables.PUBLIC_API_URL).toEqual(dev.template.toJSON().Outputs.ApiUrl.Value);
    expect(referencedIds(variables.PUBLIC_API_URL)).toEqual([
      restApiId(),
      'AWS::Region',
      'AWS::URLSuffix',
    ]);
    expect(variables.STATE_MACHINE_ARN).toBeUndefined();
  });

  it.each(functionNames)('lets %s reach only its own tables, each as far as it needs', (name) => {
    const permissions = rolePermissions(dev.template, roleOf(name));

    const access: Record<string, 'read' | 'readWrite'> = {};
    for (const tableId of tableIds) {
      const table = tableLogicalId(dev, tableId);
      const actions = permissions
        .filter((p) => referencedIds(p.resource).includes(table))
        .map((p) => p.action);
      if (actions.includes('dynamodb:PutItem')) access[tableId] = 'readWrite';
      else if (actions.includes('dynamodb:GetItem')) access[tableId] = 'read';
    }

    expect(access).toEqual(expectedTableAccess[name]);
  });

  it('lets only the api and the approval-request function read the signing key', () => {
    const readers = functionNames.filter((name) =>
      rolePermissions(dev.template, roleOf(name)).some(
        (p) =>
          p.action === 'secretsmanager:GetSecretValue' &&
          referencedIds(p.resource).includes(secretId()),
      ),
    );

    expect(readers).toEqual(['api', 'approval-request']);
  });

  it('lets only the api drive the state machines, with exactly the actions it uses', () => {
    const executionsOfMachine = [
      'AWS::Partition',
      'AWS::Region',
      'AWS::AccountId',
      stateMachineId(),
    ];
    const stateActions = functionNames.map((name) => {
      const actions = rolePermissions(dev.template, roleOf(name))
        .filter((p) => p.action.startsWith('states:'))
        .map((p) => [p.action, referencedIds(p.resource)]);
      return [name, actions.sort()];
    });

    expect(Object.fromEntries(stateActions)).toEqual({
      ...Object.fromEntries(functionNames.map((name) => [name, []])),
      api: [
        ['states:DescribeExecution', executionsOfMachine],
        ['states:SendTaskFailure', [stateMachineId()]],
        ['states:SendTaskSuccess', [stateMachineId()]],
        ['states:StartExecution', [stateMachineId()]],
        ['states:StartExecution', [stateMachineId('campaign')]],
        ['states:StopExecution', executionsOfMachine],
      ].sort(),
    });
  });
});

describe('the OpenAI key of the LLM planner', () => {
  const secretArn = (name: string) => ({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':secretsmanager:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:secret:${name}`,
      ],
    ],
  });
  const plannerVariables = (stack: SynthesizedStack) =>
    stack.template.toJSON().Resources[functionLogicalId(stack, 'planner')].Properties.Environment
      .Variables;
  const secretReaders = (stack: SynthesizedStack) =>
    functionNames.flatMap((name) => {
      const role = functionRoleId(stack.template, functionLogicalId(stack, name));
      return rolePermissions(stack.template, role)
        .filter((p) => p.action === 'secretsmanager:GetSecretValue')
        .filter((p) => JSON.stringify(p.resource).includes('openai-api-key'))
        .map((p) => [name, p.resource]);
    });

  it('names the secret to the planner, and only to it, where the stage enables the LLM', () => {
    const variables = plannerVariables(staging);

    expect(variables.OPENAI_API_KEY_SECRET_ARN).toEqual(
      secretArn('cugar-sales-staging/openai-api-key'),
    );
    expect(variables.OPENAI_MODEL).toBe('gpt-4.1-mini');
    expect(variables.OPENAI_BASE_URL).toBeUndefined();
    expect(variables.OPENAI_API_KEY).toBeUndefined();
    const others = functionNames.filter((name) => name !== 'planner');
    for (const name of others) {
      const fn = staging.template.toJSON().Resources[functionLogicalId(staging, name)];
      expect(JSON.stringify(fn.Properties.Environment.Variables)).not.toContain('OPENAI');
    }
  });

  it('tells the API function that an LLM plans, so it leaves goals to the planner', () => {
    const apiVariables = (stack: SynthesizedStack) =>
      stack.template.toJSON().Resources[functionLogicalId(stack, 'api')].Properties.Environment
        .Variables;

    expect(apiVariables(staging).LLM_PLANNER_ENABLED).toBe('true');
    expect(apiVariables(dev).LLM_PLANNER_ENABLED).toBeUndefined();
  });

  it('lets the planner alone read that secret, by its name and random suffix', () => {
    const suffixed = secretArn('cugar-sales-staging/openai-api-key-??????');

    expect(secretReaders(staging)).toEqual([['planner', suffixed]]);
  });

  it('passes a base URL and model the stage gives', () => {
    const variables = plannerVariables(llmAtOwnServer);

    expect(variables.OPENAI_MODEL).toBe('local-model');
    expect(variables.OPENAI_BASE_URL).toBe('https://llm.internal.example/v1');
  });

  it('gives no function an OpenAI setting or grant where the stage plans by rules', () => {
    expect(JSON.stringify(resources)).not.toContain('OPENAI');
    expect(secretReaders(dev)).toEqual([]);
  });
});

function roleOf(name: string): string {
  return functionRoleId(dev.template, functionLogicalId(dev, name));
}

function stateMachineId(name: 'sales-run' | 'campaign' = 'sales-run'): string {
  const machineName = `cugar-sales-dev-${name}`;
  return logicalIdOf(
    dev.template,
    'AWS::StepFunctions::StateMachine',
    'StateMachineName',
    machineName,
  );
}

function secretId(): string {
  return Object.keys(dev.template.findResources('AWS::SecretsManager::Secret'))[0] as string;
}

function restApiId(): string {
  return Object.keys(dev.template.findResources('AWS::ApiGateway::RestApi'))[0] as string;
}
