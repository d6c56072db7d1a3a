import type { Command } from 'commander';
import type { CugarApi } from './api-client.js';

/**
 * `approve` and `reject`: post a decision to a signed approval link, the same
 * request the approval page's buttons make. The link is the credential; no
 * token goes with it.
 */

/** Adds `approve` and `reject` to `program`. */
export function addDecisionCommands(program: Command, apiFor: (c: Command) => CugarApi): void {
  for (const decision of ['approve', 'reject'] as const) {
    program
      .command(decision)
      .description(`${decision} a proposal through its signed approval link`)
      .argument('<approvalUrl>', 'the link `run watch` printed (quote it: it holds &)')
      .option('--reason <text>', 'kept with the decision')
      .action(async (url: string, options: { reason?: string }, command: Command) => {
        const answer = await apiFor(command).decide(url, decision, options.reason);
        const reason = answer.reason ? ` (${answer.reason})` : '';
        process.stdout.write(
          `${answer.decision} ${answer.approvalId} of run ${answer.runId} ` +
            `at ${answer.decidedAt}${reason}\n`,
        );
      });
  }
}
