import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The outputs of a deployed stack, read from the file `cdk deploy
 * --outputs-file` writes (`npm run deploy` writes cdk-outputs.<stage>.json).
 * Tests and tools that talk to a deployed stack read its addresses here
 * rather than asking CloudFormation, so they need no AWS credentials.
 */

const outputsSchema = z.looseObject({
  ApiUrl: z.url(),
  DashboardUrl: z.url(),
  StateMachineArn: z.string().startsWith('arn:'),
  RunsTableName: z.string().min(1),
  BudgetsTableName: z.string().min(1),
  ApprovalsTableName: z.string().min(1),
  CrmTableName: z.string().min(1),
  IdempotencyTableName: z.string().min(1),
});

/** The outputs SalesStack declares; others the file may hold are kept as strings. */
export type StackOutputs = z.infer<typeof outputsSchema> & { stackName: string };

/**
 * Reads one stack's outputs. The file maps stack names to outputs; with more
 * than one stack in it, `stackName` says which.
 */
export function readStackOutputs(file: string, stackName?: string): StackOutputs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read stack outputs from ${file}: ${(error as Error).message}`);
  }
  const stacks = z.record(z.string(), z.record(z.string(), z.string())).safeParse(parsed);
  if (!stacks.success) throw new Error(`${file} is not a cdk outputs file`);

  const names = Object.keys(stacks.data).filter((name) => !stackName || name === stackName);
  if (names.length !== 1) {
    const found = Object.keys(stacks.data).join(', ') || 'none';
    const wanted = stackName ? `stack ${stackName}` : 'exactly one stack';
    throw new Error(`${file} should hold ${wanted}; it holds ${found}`);
  }
  const name = names[0] as string;

  const outputs = outputsSchema.safeParse(stacks.data[name]);
  if (!outputs.success) {
    const problems = outputs.error.issues.map((issue) => issue.path.join('.') || 'outputs');
    throw new Error(`${file}: ${name} lacks or mangles ${problems.join(', ')}`);
  }
  return { ...outputs.data, stackName: name };
}
