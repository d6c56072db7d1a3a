import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStackOutputs } from '../../infra/deploy/stack-outputs.js';
import { resolveTarget } from '../support/target.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cugar-outputs-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const staging = {
  ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/staging/',
  DashboardUrl:
    'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1' +
    '#dashboards:name=cugar-sales-staging',
  StateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:cugar-sales-staging-run',
  RunsTableName: 'cugar-sales-staging-runs',
  BudgetsTableName: 'cugar-sales-staging-budgets',
  ApprovalsTableName: 'cugar-sales-staging-approvals',
  CrmTableName: 'cugar-sales-staging-crm',
  IdempotencyTableName: 'cugar-sales-staging-idempotency',
};

function outputsFile(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('stack outputs', () => {
  it('reads the one stack of a cdk outputs file, keeping outputs it does not know', () => {
    const file = outputsFile('one.json', {
      'CugarSales-staging': { ...staging, ExtraOutput: 'kept' },
    });

    expect(readStackOutputs(file)).toEqual({
      ...staging,
      ExtraOutput: 'kept',
      stackName: 'CugarSales-staging',
    });
  });

  it('picks the named stack from a file with several', () => {
    const file = outputsFile('two.json', {
      'CugarSales-dev': { ...staging, ApiUrl: 'https://dev.example/dev/' },
      'CugarSales-staging': staging,
    });

    expect(readStackOutputs(file, 'CugarSales-dev').ApiUrl).toBe('https://dev.example/dev/');
    expect(() => readStackOutputs(file)).toThrow(
      `${file} should hold exactly one stack; it holds CugarSales-dev, CugarSales-staging`,
    );
  });

  it('names the outputs a stack lacks or holds in the wrong shape', () => {
    const { ApiUrl: _apiUrl, ...withoutApi } = staging;
    const file = outputsFile('bad.json', {
      'CugarSales-staging': { ...withoutApi, StateMachineArn: 'not-an-arn' },
    });

    expect(() => readStackOutputs(file)).toThrow(
      `${file}: CugarSales-staging lacks or mangles ApiUrl, StateMachineArn`,
    );
  });

  it('refuses a file that is no cdk outputs file, or none at all', () => {
    const notJson = outputsFile('not.json', 'ApiUrl=https://x');
    const notOutputs = outputsFile('array.json', [staging]);

    expect(() => readStackOutputs(notJson)).toThrow(`cannot read stack outputs from ${notJson}`);
    expect(() => readStackOutputs(notOutputs)).toThrow(`${notOutputs} is not a cdk outputs file`);
    expect(() => readStackOutputs(path.join(dir, 'missing.json'))).toThrow(
      `cannot read stack outputs from ${path.join(dir, 'missing.json')}: ENOENT`,
    );
  });
});

describe('the end-to-end target', () => {
  it('is the local stack unless CUGAR_TARGET says otherwise', () => {
    expect(resolveTarget({})).toEqual({ kind: 'local' });
    expect(resolveTarget({ CUGAR_TARGET: 'local' })).toEqual({ kind: 'local' });
  });

  it("is a deployed stack's API, without the trailing slash, with CUGAR_API_TOKEN", () => {
    const file = outputsFile('target.json', { 'CugarSales-staging': staging });

    expect(resolveTarget({ CUGAR_TARGET: `outputs:${file}`, CUGAR_API_TOKEN: 'jwt' })).toEqual({
      kind: 'deployed',
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/staging',
      token: 'jwt',
    });
  });

  it('refuses a target it does not know, or an outputs target without a file', () => {
    expect(() => resolveTarget({ CUGAR_TARGET: 'staging' })).toThrow(
      "CUGAR_TARGET 'staging': expected local or outputs:<cdk-outputs.json>",
    );
    expect(() => resolveTarget({ CUGAR_TARGET: 'outputs:' })).toThrow(
      'CUGAR_TARGET=outputs: needs a file, outputs:<cdk-outputs.json>',
    );
  });
});
