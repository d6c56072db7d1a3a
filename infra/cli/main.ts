import { Command, CommanderError } from 'commander';
import { ApiError, CliError, CugarApi } from './api-client.js';
import { addBudgetCommand } from './budget-command.js';
import { addDecisionCommands } from './decision-commands.js';
import { addImportCommand } from './import-command.js';
import { addRunCommands } from './run-commands.js';

/**
 * `npm run cli -- <command>`: the cugar-sales CLI, against the local stack or
 * a deployed stage. Exit codes: 0 done; 1 the API or the input refused
 * (one line on stderr, never a stack trace); 2 a usage error; 3 and 4 a
 * watched run that ended PARTIAL or FAILED.
 */

const defaultUrl = 'http://127.0.0.1:3000';

/** The CLI's commands, ready to parse an argv. */
function cliProgram(): Command {
  const program = new Command()
    .name('cugar')
    .description('Start and follow cugar-sales runs, decide approvals, import CRM data')
    .option('--url <url>', `API base URL (default: $CUGAR_API_URL, else ${defaultUrl})`)
    .option('--token <token>', 'API bearer token (default: $CUGAR_API_TOKEN)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  const apiFor = (command: Command) => {
    const options = command.optsWithGlobals<{ url?: string; token?: string }>();
    const url = options.url ?? (process.env.CUGAR_API_URL || defaultUrl);
    return new CugarApi(url, options.token ?? (process.env.CUGAR_API_TOKEN || undefined));
  };
  addRunCommands(program, apiFor);
  addDecisionCommands(program, apiFor);
  addBudgetCommand(program, apiFor);
  addImportCommand(program);
  return program;
}

/**
 * One line for an error the user can act on. An API error gives its message,
 * status and code, and names each field the message does not name already.
 */
function errorLine(error: CliError): string {
  if (!(error instanceof ApiError)) return error.message;
  const unnamed = error.fields
    .filter((f) => !error.message.includes(`${f.field}: `))
    .map((f) => (error.message.includes(f.problem) ? f.field : `${f.field}: ${f.problem}`));
  const status = [error.status, error.code].filter(Boolean).join(' ');
  const about = [status, ...unnamed.map((field) => `field ${field}`)];
  return `${error.message} (${about.join('; ')})`;
}

/** The exit code for what `parseAsync` threw, after saying what went wrong. */
function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed the usage error (or the help) already.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliError) {
    process.stderr.write(`cugar: ${errorLine(error)}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cugar: unexpected failure: ${message.split('\n')[0]}\n`);
  return 1;
}

// A reader that stops early (`| head`) closes the pipe; that ends the output, not in error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

cliProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.exitCode = exitCodeFor(error);
  });
