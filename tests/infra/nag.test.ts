import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { stageNames } from '../../infra/stages.js';
import {
  functionLogicalId,
  functionRoleId,
  rolePermissions,
  synthesizeStack,
  type SynthesizedStack,
} from './template.js';

/**
 * cdk-nag's AwsSolutions pack over every stage's stack, and over the options
 * no stage uses yet (Cognito, an alarm topic). A finding fails the test unless
 * it is acknowledged, with its reason, next to the resource it concerns.
 */

const stacks: [string, SynthesizedStack][] = [
  ...stageNames.map((stage) => [stage, synthesizeStack(stage)] as [string, SynthesizedStack]),
  ['dev with Cognito', synthesizeStack('dev', { auth: 'cognito' })],
  ['prod with an alarm email', synthesizeStack('prod', { alarmEmail: 'oncall@example.com' })],
];

/** Every unacknowledged finding, errors and warnings alike, as `rule at path`. */
function findings(stack: SynthesizedStack): string[] {
  const report = new AwsSolutionsChecks().validateScope(stack.stack);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => {
      const where = (resource as { constructPath?: string }).constructPath;
      return `${violation.ruleName} at ${where ?? resource.resourceLogicalId}`;
    }),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it.each(stacks)('finds nothing unacknowledged in %s', (_name, stack) => {
    expect(findings(stack)).toEqual([]);
  });

  it('reports a finding nobody acknowledged, so the test above can fail', () => {
    const stack = synthesizeStack('dev');
    new Secret(stack.stack, 'Unrotated');

    expect(findings(stack)).toEqual(['AwsSolutions-SMG4 at CugarSales-dev/Unrotated/Resource']);
  });

  // The function roles' "Resource::*" acknowledgment holds only while X-Ray is
  // all they may do on "*"; this keeps it that way.
  it('lets function roles act on "*" only for X-Ray', () => {
    const dev = stacks[0]![1];
    const functions = Object.values(dev.template.findResources('AWS::Lambda::Function'));
    const names = functions.map((fn) =>
      String(fn.Properties.FunctionName).replace('cugar-sales-dev-', ''),
    );
    const onAnything = names.flatMap((name) =>
      rolePermissions(dev.template, functionRoleId(dev.template, functionLogicalId(dev, name)))
        .filter((p) => p.resource === '*')
        .map((p) => p.action),
    );

    expect([...new Set(onAnything)].sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});
