/**
 * The arithmetic of the bench report, kept apart from the load so that it
 * can be tested as plain functions (tests/bench/stats.test.ts).
 */

/** Latency figures of one pass, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/**
 * The p-th percentile (0-100) by linear interpolation between the two
 * nearest ranks, as numpy and most load tools compute it. NaN when empty.
 */
export function percentile(values: readonly number[], p: number): number {
  if (p < 0 || p > 100) throw new RangeError(`a percentile is from 0 to 100, not ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const lower = sorted[below] as number;
  const upper = sorted[above] as number;
  return lower + (upper - lower) * (rank - below);
}

export function summarize(values: readonly number[]): LatencySummary {
  const mean =
    values.length === 0
      ? Number.NaN
      : values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    mean,
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** Each figure less a fixed amount: latency less the approval delay. */
export function minus(summary: LatencySummary, amount: number): LatencySummary {
  return {
    p50: summary.p50 - amount,
    p95: summary.p95 - amount,
    p99: summary.p99 - amount,
    mean: summary.mean - amount,
    max: summary.max - amount,
  };
}

/**
 * Runs completed per second over the pass: from the first run's start to the
 * last run's end, so ramp-up and the tail both count.
 */
export function throughput(runs: readonly { startedAt: number; endedAt: number }[]): number {
  if (runs.length === 0) return 0;
  const first = Math.min(...runs.map((run) => run.startedAt));
  const last = Math.max(...runs.map((run) => run.endedAt));
  return last > first ? runs.length / ((last - first) / 1000) : 0;
}

/**
 * The most runs per second a closed loop of `concurrency` clients can finish
 * when each run waits `delayMs` for its approver and nothing else takes time.
 */
export function throughputLimit(concurrency: number, delayMs: number): number {
  return delayMs > 0 ? concurrency / (delayMs / 1000) : Number.POSITIVE_INFINITY;
}

/** Heap growth per run in MB, from heapUsed (bytes) after GC before and after. */
export function growthPerRunMb(beforeBytes: number, afterBytes: number, runs: number): number {
  if (runs <= 0) return Number.NaN;
  return (afterBytes - beforeBytes) / runs / (1024 * 1024);
}

/** Counters summed over a pass: the later snapshot less the earlier, key by key. */
export function difference(
  later: Record<string, number>,
  earlier: Record<string, number>,
): Record<string, number> {
  const keys = new Set([...Object.keys(later), ...Object.keys(earlier)]);
  return Object.fromEntries([...keys].map((key) => [key, (later[key] ?? 0) - (earlier[key] ?? 0)]));
}
