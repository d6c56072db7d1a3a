import type { Command } from 'commander';
import type { CugarApi } from './api-client.js';
import { budgetReport } from './format.js';

/**
 * `budget <runId>`: what a run may spend, what it spent, what is left, and
 * each tool step's reservation, read from `GET /runs/{runId}`.
 */

/** Adds `budget` to `program`. */
export function addBudgetCommand(program: Command, apiFor: (c: Command) => CugarApi): void {
  program
    .command('budget')
    .description("a run's budget: limit, spent, remaining, and each step's reservation")
    .argument('<runId>', 'the run')
    .action(async (runId: string, _options: unknown, command: Command) => {
      process.stdout.write(budgetReport(await apiFor(command).getRun(runId)));
    });
}
