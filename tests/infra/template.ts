import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SalesStack } from '../../infra/stack/sales-stack.js';
import { stageSettings, type StageName, type StageSettings } from '../../infra/stages.js';

/**
 * Builds a stage's stack the way `cdk synth` does (same feature flags, read from
 * cdk.json) but without bundling, so template tests take a second, not a minute.
 * The real bundling is proven by synth.test.ts.
 */

/** A synthesized stack and where its assembly landed. */
export interface SynthesizedStack {
  /** The construct tree, for checks that read constructs rather than the template (cdk-nag). */
  stack: SalesStack;
  template: Template;
  /** The cloud assembly directory, holding staged assets such as the workflow file. */
  assemblyDir: string;
  settings: StageSettings;
}

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** A stage's stack as a template; overrides let a test try a setting no stage uses yet. */
export function synthesizeStack(
  stage: StageName,
  overrides: Partial<StageSettings> = {},
): SynthesizedStack {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const settings = { ...stageSettings(stage), ...overrides };
  const stack = new SalesStack(app, `CugarSales-${stage}`, { settings });
  const template = Template.fromStack(stack);
  return { stack, template, assemblyDir: app.synth().directory, settings };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The logical id of the one resource of a type whose property has a value. */
export function logicalIdOf(
  template: Template,
  type: string,
  property: string,
  value: unknown,
): string {
  const found = Object.keys(template.findResources(type, { Properties: { [property]: value } }));
  if (found.length !== 1) {
    const wanted = `${type} with ${property}=${String(value)}`;
    throw new Error(`expected one ${wanted}, found ${found.length}`);
  }
  return found[0] as string;
}

/** The logical id of a function by its physical-name suffix: `planner`, `api`. */
export function functionLogicalId(synthesized: SynthesizedStack, name: string): string {
  const functionName = `${synthesized.settings.namePrefix}-${name}`;
  return logicalIdOf(synthesized.template, 'AWS::Lambda::Function', 'FunctionName', functionName);
}

/** The logical id of a table by its spec id: `runs`, `crm`. */
export function tableLogicalId(synthesized: SynthesizedStack, id: string): string {
  const tableName = `${synthesized.settings.namePrefix}-${id}`;
  return logicalIdOf(synthesized.template, 'AWS::DynamoDB::Table', 'TableName', tableName);
}

/** One allowed action on one resource, as CloudFormation spells the resource. */
export interface Permission {
  action: string;
  resource: unknown;
}

/** Every action a role's attached policies allow, one entry per action and resource. */
export function rolePermissions(template: Template, roleLogicalId: string): Permission[] {
  const attached = JSON.stringify([{ Ref: roleLogicalId }]);
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Resources).filter(
    (policy) => JSON.stringify(policy.Properties.Roles) === attached,
  );
  return policies.flatMap((policy) => {
    const document = policy.Properties.PolicyDocument as { Statement: Statement[] };
    return document.Statement.flatMap((statement) => {
      if (statement.Effect !== 'Allow') throw new Error('our roles only ever allow');
      return asArray(statement.Action).flatMap((action) =>
        asArray(statement.Resource).map((resource) => ({ action, resource })),
      );
    });
  });
}

/** The role a function runs with. */
export function functionRoleId(template: Template, functionLogicalId: string): string {
  const fn = (template.findResources('AWS::Lambda::Function') as Resources)[functionLogicalId];
  const role = fn?.Properties.Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

/** The logical ids a CloudFormation value refers to, at any depth. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return [record.Ref];
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return [String(getAtt[0])];
  return Object.values(record).flatMap(referencedIds);
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
