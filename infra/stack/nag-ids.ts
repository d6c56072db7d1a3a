import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag names each wildcard it finds after the resource as the template
 * spells it, `<TablesCrm976AF988.Arn>/index/*`; acknowledging one finding, and
 * no other, needs that logical id. This gives it for an L2 construct.
 */
export function nagLogicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement | undefined;
  if (!resource) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource);
}
