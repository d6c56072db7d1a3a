import type { RunStatus } from '../../../functions/commons/run-model.js';

/**
 * The golden signals of the runs the dashboard has read, computed as plain
 * functions of the run list so they can be checked without a browser:
 * traffic (run rate), errors (how finished runs ended), latency (duration
 * percentiles of finished runs) and saturation (runs still in flight).
 */

/** A run as `GET /runs` lists it: the fields the dashboard reads. */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  goal: string;
  accountId?: string;
  accountName?: string;
  profile?: string;
  createdAt: string;
  finishedAt?: string;
  approvalUrl?: string;
}

/** How many finished runs ended one way, and their share of all finished runs. */
export interface Outcome {
  count: number;
  /** Percent of finished runs, 0 when none has finished. */
  percent: number;
}

/** What the top of the dashboard shows. */
export interface GoldenSignals {
  total: number;
  /** Runs started per minute over the rate window. */
  runsPerMinute: number;
  rateWindowMinutes: number;
  inFlight: number;
  awaitingApproval: number;
  finished: number;
  succeeded: Outcome;
  partial: Outcome;
  failed: Outcome;
  /** Duration of finished runs in ms, by nearest rank; undefined when none has finished. */
  durationMs: { p50?: number; p95?: number; p99?: number };
}

/** The window the run rate is measured over: short enough to show a burst. */
export const rateWindowMinutes = 5;

const finishedStatuses: ReadonlySet<RunStatus> = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED']);

/** True once a run has its final status. */
export function isFinished(run: RunSummary): boolean {
  return finishedStatuses.has(run.status);
}

/** The run's duration in ms, from start to its final status; undefined while it runs. */
export function runDurationMs(run: RunSummary): number | undefined {
  if (!isFinished(run) || !run.finishedAt) return undefined;
  return Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.createdAt));
}

/**
 * The nearest-rank percentile of `values` (any order): the smallest value
 * that at least `percent` % of the values are at or below.
 */
export function percentile(values: number[], percent: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The golden signals of `runs` as of `now`. */
export function goldenSignals(runs: RunSummary[], now: Date): GoldenSignals {
  const windowStart = now.getTime() - rateWindowMinutes * 60_000;
  const recent = runs.filter((run) => Date.parse(run.createdAt) >= windowStart).length;
  const finished = runs.filter(isFinished);
  const outcome = (status: RunStatus): Outcome => {
    const count = finished.filter((run) => run.status === status).length;
    const percent = finished.length === 0 ? 0 : (100 * count) / finished.length;
    return { count, percent };
  };
  const durations = finished
    .map(runDurationMs)
    .filter((duration): duration is number => duration !== undefined);
  return {
    total: runs.length,
    runsPerMinute: recent / rateWindowMinutes,
    rateWindowMinutes,
    inFlight: runs.length - finished.length,
    awaitingApproval: runs.filter((run) => run.status === 'AWAITING_APPROVAL').length,
    finished: finished.length,
    succeeded: outcome('SUCCEEDED'),
    partial: outcome('PARTIAL'),
    failed: outcome('FAILED'),
    durationMs: {
      p50: percentile(durations, 50),
      p95: percentile(durations, 95),
      p99: percentile(durations, 99),
    },
  };
}
