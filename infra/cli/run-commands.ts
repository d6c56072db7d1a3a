import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { runStatuses } from '../../functions/commons/run-model.js';
import { CliError, type CugarApi, type StartRunRequest } from './api-client.js';
import { describeRun, runListTable } from './format.js';
import { positiveInteger } from './options.js';
import { watchRun } from './watch.js';

/**
 * `run start`, `run watch`, `run show` and `run list`: what a rep does with
 * runs from a terminal or a script, over the same API the web pages use.
 */

type ApiFor = (command: Command) => CugarApi;

interface StartOptions {
  goal: string;
  accountId?: string;
  accountFile?: string;
  contactName?: string;
  contactEmail?: string;
  contactTitle?: string;
  profile?: 'rep' | 'manager';
  budget?: number;
  idempotencyKey?: string;
  watch?: boolean;
  untilDone?: boolean;
  interval: number;
}

const intervalOption = () =>
  new Option('--interval <ms>', 'how often to poll the run, in milliseconds')
    .argParser(positiveInteger)
    .default(1000);

/** Adds the `run` command and its subcommands to `program`. */
export function addRunCommands(program: Command, apiFor: ApiFor): void {
  const run = program.command('run').description('start, follow and read sales runs');

  run
    .command('start')
    .description('start a run for an imported account (--account-id) or one in a file')
    .requiredOption('--goal <text>', 'what the run should achieve, in plain words')
    .addOption(
      new Option('--account-id <id>', 'id or name of an imported account').conflicts('accountFile'),
    )
    .option('--account-file <file>', 'a JSON file holding the account: {"name": ..., ...}')
    .option('--contact-name <name>', 'who the outreach is for')
    .option('--contact-email <email>', "the contact's email")
    .option('--contact-title <title>', "the contact's job title")
    .addOption(
      new Option('--profile <profile>', 'who asks (default: rep)').choices(['rep', 'manager']),
    )
    .option('--budget <units>', 'budget units the run may spend (default: 100)', positiveInteger)
    .option('--idempotency-key <key>', 'the same key and request give the same run')
    .option('--watch', 'follow the run until it needs approval or ends')
    .option('--until-done', 'with --watch: go on through approval until the run ends')
    .addOption(intervalOption())
    .action(async (options: StartOptions, command: Command) => {
      if (!options.accountId && !options.accountFile) {
        command.error('error: give --account-id or --account-file', { exitCode: 2 });
      }
      const api = apiFor(command);
      const request = await startRequest(options);
      const started = await api.startRun(request, options.idempotencyKey);
      process.stdout.write(
        `started run ${started.runId} (trace ${started.traceId})\n` +
          `status: ${started.statusUrl}\n`,
      );
      if (options.watch) {
        process.exitCode = await watchRun(api, started.runId, {
          untilDone: options.untilDone,
          intervalMs: options.interval,
        });
      }
    });

  run
    .command('watch')
    .description(
      'follow a run until it needs approval (prints the link, exit 0) or ends ' +
        '(prints its steps; exit 0 SUCCEEDED, 3 PARTIAL, 4 FAILED)',
    )
    .argument('<runId>', 'the run, as `run start` printed it')
    .option('--until-done', 'go on through approval until the run ends')
    .addOption(intervalOption())
    .action(async (runId: string, options: { untilDone?: boolean; interval: number }, command) => {
      process.exitCode = await watchRun(apiFor(command), runId, {
        untilDone: options.untilDone,
        intervalMs: options.interval,
      });
    });

  run
    .command('show')
    .description('print a run: status, account, budget, approval link and steps')
    .argument('<runId>', 'the run')
    .option('--json', 'print the API answer as it is')
    .action(async (runId: string, options: { json?: boolean }, command: Command) => {
      const view = await apiFor(command).getRun(runId);
      process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : describeRun(view));
    });

  run
    .command('list')
    .description('list runs, newest first')
    .addOption(new Option('--status <status>', 'only runs with this status').choices(runStatuses))
    .option('--limit <n>', 'how many runs to scan (1 to 100; default 25)', positiveInteger)
    .option('--json', 'print the API answer as it is')
    .action(async (options: { status?: string; limit?: number; json?: boolean }, command) => {
      const list = await apiFor(command).listRuns(options);
      const text = options.json ? `${JSON.stringify(list, null, 2)}\n` : runListTable(list);
      process.stdout.write(text);
    });
}

/** The body of `POST /runs` from the options; the API checks every field. */
async function startRequest(options: StartOptions): Promise<StartRunRequest> {
  const contact =
    options.contactName || options.contactEmail || options.contactTitle
      ? {
          name: options.contactName as string,
          email: options.contactEmail,
          title: options.contactTitle,
        }
      : undefined;
  return {
    goal: options.goal,
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.accountFile ? { account: await readAccount(options.accountFile) } : {}),
    contact,
    profile: options.profile,
    budget: options.budget,
  };
}

async function readAccount(file: string): Promise<StartRunRequest['account']> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return JSON.parse(text) as StartRunRequest['account'];
  } catch {
    throw new CliError(`${file} is not valid JSON`);
  }
}
