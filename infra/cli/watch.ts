import { setTimeout as sleep } from 'node:timers/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { CugarApi, RunView } from './api-client.js';
import { progressLine, runSummary, stepCounts } from './format.js';

/**
 * `run watch`: polls `GET /runs/{runId}` and shows the run's progress until
 * it needs a human or ends. In a terminal that is a progress bar (steps done
 * of the plan, and the status); in a pipe, one plain line each time the
 * status or the count of finished steps changes.
 */

/**
 * The exit code of `run watch` (and `run start --watch`): 0 when the run
 * succeeded, or waits for approval and `--until-done` was not given; 3 when
 * it ended PARTIAL; 4 when it FAILED. 1 and 2 are the CLI's own errors.
 */
export const watchExitCodes = { SUCCEEDED: 0, PARTIAL: 3, FAILED: 4 } as const;

const terminal = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED']);

/** How `run watch` polls. */
export interface WatchOptions {
  /** Go on polling through AWAITING_APPROVAL until the run ends. */
  untilDone?: boolean;
  intervalMs: number;
}

/** Where progress goes: a bar in a terminal, plain lines otherwise. */
interface Progress {
  show(run: RunView): void;
  /** Prints a line of its own, above or after the bar. */
  say(line: string): void;
  stop(): void;
}

/** Follows one run and answers the exit code `watchExitCodes` describes. */
export async function watchRun(
  api: CugarApi,
  runId: string,
  options: WatchOptions,
): Promise<number> {
  const progress = process.stdout.isTTY ? barProgress() : plainProgress();
  let toldApproval: string | undefined;
  try {
    for (;;) {
      const run = await api.getRun(runId);
      progress.show(run);
      if (terminal.has(run.status)) {
        progress.stop();
        process.stdout.write(runSummary(run));
        return watchExitCodes[run.status as keyof typeof watchExitCodes];
      }
      if (run.status === 'AWAITING_APPROVAL' && run.approvalUrl !== toldApproval) {
        toldApproval = run.approvalUrl;
        if (!options.untilDone) {
          progress.stop();
          process.stdout.write(`approval needed: ${run.approvalUrl}\n`);
          return 0;
        }
        progress.say(`approval needed: ${run.approvalUrl}`);
      }
      await sleep(options.intervalMs);
    }
  } finally {
    progress.stop();
  }
}

function plainProgress(): Progress {
  let last = '';
  return {
    show(run) {
      const line = progressLine(run);
      if (line !== last) process.stdout.write(`${line}\n`);
      last = line;
    },
    say(line) {
      process.stdout.write(`${line}\n`);
    },
    stop() {},
  };
}

function barProgress(): Progress {
  const bar = new SingleBar(
    {
      format: '{bar} {value}/{total} steps | {status}',
      stream: process.stdout,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    show(run) {
      const { done, total } = stepCounts(run);
      if (!started) bar.start(total, done, { status: run.status });
      started = true;
      bar.setTotal(total);
      bar.update(done, { status: run.status });
    },
    say(line) {
      // The bar redraws its own line; a line of ours goes below a stopped
      // bar, and the next poll starts a new bar under it.
      bar.stop();
      process.stdout.write(`${line}\n`);
      started = false;
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
