import { Argument, Command, CommanderError, Option } from 'commander';
import { stageNames, type StageName } from '../stages.js';

/**
 * What `npm run deploy|diff|synth -- --stage staging ...` means as a cdk
 * command line: the stage becomes `-c stage=...` (the one way the app learns
 * it), everything this parser does not know goes to cdk unchanged. Parsing
 * is kept apart from running so the exact command can be tested and printed.
 */

/** The cdk actions our npm scripts stand for. */
export const cdkActions = ['deploy', 'diff', 'synth', 'bootstrap'] as const;

/** One of {@link cdkActions}. */
export type CdkAction = (typeof cdkActions)[number];

/** A command to run: the program and its arguments, unquoted. */
export interface CdkInvocation {
  command: string;
  args: string[];
}

/** The parsed request: what to run and how. */
export interface CdkRequest {
  action: CdkAction;
  stage: StageName;
  invocation: CdkInvocation;
  /** Only show the command line. */
  print: boolean;
  /** Run through cdklocal against LocalStack instead of AWS. */
  localstack: boolean;
}

/** A command line this parser refuses, with the message for the user. */
export class CdkUsageError extends Error {}

/**
 * Parses the arguments after the script name. CUGAR_STAGE stands in for a
 * missing `--stage`, as it does for the app, then `dev`.
 */
export function parseCdkRequest(argv: string[], env: NodeJS.ProcessEnv = process.env): CdkRequest {
  const program = new Command('cdk-stage')
    .description('Runs cdk for one stage of cugar-sales; unknown options go to cdk.')
    .addArgument(new Argument('<action>', 'cdk action').choices(cdkActions))
    .argument('[cdkArgs...]', 'passed to cdk unchanged')
    .addOption(
      new Option('--stage <name>', 'the stage to act on')
        .choices(stageNames)
        .default(env.CUGAR_STAGE || 'dev'),
    )
    .option('--print', 'print the cdk command line and run nothing', false)
    .option('--localstack', 'run cdklocal against LocalStack', false)
    .allowUnknownOption()
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) throw new CdkUsageError(error.message);
    throw error;
  }

  const [action, passThrough] = program.processedArgs as [CdkAction, string[]];
  const options = program.opts<{ stage: string; print: boolean; localstack: boolean }>();
  const stage = stageNames.find((name) => name === options.stage);
  if (!stage) {
    throw new CdkUsageError(`unknown stage '${options.stage}'; expected one of ${stageNames}`);
  }
  refuseStageContext(passThrough);

  return {
    action,
    stage,
    print: options.print,
    localstack: options.localstack,
    invocation: {
      command: 'npx',
      args: [
        options.localstack ? 'cdklocal' : 'cdk',
        action,
        ...stackSelection(action, stage),
        '-c',
        `stage=${stage}`,
        ...defaultOutputs(action, stage, passThrough),
        ...passThrough,
      ],
    },
  };
}

/** The stack's name for a stage, as infra/app.ts names it. */
export function stackName(stage: StageName): string {
  return `CugarSales-${stage}`;
}

/** Where `deploy` writes the stack outputs unless told otherwise. */
export function defaultOutputsFile(stage: StageName): string {
  return `cdk-outputs.${stage}.json`;
}

/** The command line as a shell would take it, for printing. */
export function commandLine(invocation: CdkInvocation): string {
  return [invocation.command, ...invocation.args].map(shellQuote).join(' ');
}

function stackSelection(action: CdkAction, stage: StageName): string[] {
  return action === 'bootstrap' ? [] : [stackName(stage)];
}

function defaultOutputs(action: CdkAction, stage: StageName, passThrough: string[]): string[] {
  if (action !== 'deploy') return [];
  const given = passThrough.some((arg) => arg === '-O' || arg.startsWith('--outputs-file'));
  return given ? [] : ['--outputs-file', defaultOutputsFile(stage)];
}

/** `-c stage=...` beside `--stage` would leave two answers to one question. */
function refuseStageContext(passThrough: string[]): void {
  passThrough.forEach((arg, index) => {
    const next = passThrough[index + 1] ?? '';
    const inline = /^--context=stage=|^-c=?stage=/.test(arg);
    const separate = (arg === '-c' || arg === '--context') && next.startsWith('stage=');
    if (inline || separate) throw new CdkUsageError('give the stage as --stage, not as -c stage=');
  });
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
