import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../infra/local/dashboard/page.js';
import {
  goldenSignals,
  percentile,
  runDurationMs,
  type RunSummary,
} from '../../infra/local/dashboard/signals.js';

/**
 * The dashboard's golden signals as plain functions of the runs it read:
 * rate over the last five minutes, outcomes of finished runs, and duration
 * percentiles by nearest rank.
 */

const now = new Date('2026-03-02T12:00:00.000Z');

function run(status: RunSummary['status'], startedMinutesAgo: number, tookMs?: number) {
  const createdAt = new Date(now.getTime() - startedMinutesAgo * 60_000);
  return {
    runId: `run_${status}_${startedMinutesAgo}`,
    status,
    goal: 'Draft outreach',
    createdAt: createdAt.toISOString(),
    finishedAt:
      tookMs === undefined ? undefined : new Date(createdAt.getTime() + tookMs).toISOString(),
  } satisfies RunSummary;
}

describe('percentile', () => {
  it('takes the nearest rank, whatever the order of the values', () => {
    const values = [70, 10, 100, 30, 90, 20, 60, 50, 40, 80];

    const picked = [50, 95, 99, 100, 1].map((p) => percentile(values, p));

    expect(picked).toEqual([50, 100, 100, 100, 10]);
  });

  it('has no value for no values', () => {
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('goldenSignals', () => {
  it('counts rate, outcomes, in-flight runs and duration percentiles', () => {
    const runs = [
      run('SUCCEEDED', 1, 1_000),
      run('SUCCEEDED', 2, 3_000),
      run('SUCCEEDED', 30, 2_000),
      run('PARTIAL', 4, 4_000),
      run('FAILED', 90, 500),
      run('AWAITING_APPROVAL', 3),
      run('RUNNING', 0),
    ];

    const signals = goldenSignals(runs, now);

    expect(signals).toEqual({
      total: 7,
      runsPerMinute: 1,
      rateWindowMinutes: 5,
      inFlight: 2,
      awaitingApproval: 1,
      finished: 5,
      succeeded: { count: 3, percent: 60 },
      partial: { count: 1, percent: 20 },
      failed: { count: 1, percent: 20 },
      durationMs: { p50: 2_000, p95: 4_000, p99: 4_000 },
    });
  });

  it('shows zeros and no percentiles before any run has finished', () => {
    const signals = goldenSignals([run('PLANNING', 0)], now);

    expect(signals.succeeded).toEqual({ count: 0, percent: 0 });
    expect(signals.durationMs).toEqual({ p50: undefined, p95: undefined, p99: undefined });
    expect(runDurationMs(run('PLANNING', 0))).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('reads as a person would say it', () => {
    const shown = [undefined, 850, 4_200, 185_000, 7_800_000].map(formatDuration);

    expect(shown).toEqual(['–', '850 ms', '4.2 s', '3 min 5 s', '2 h 10 min']);
  });
});
