import type { BenchResult, GoalResult } from './report.js';

/**
 * The goals the benchmark answers to, each checked against a result: what a
 * user asked the product to reach on a 2-core machine.
 */
export function checkGoals(result: BenchResult): GoalResult[] {
  const goals: GoalResult[] = [];
  const approvalPasses = result.passes.filter((p) => p.limit !== null);
  for (const p of approvalPasses.filter((p) => p.concurrency === 50)) {
    goals.push({
      goal: `throughput at 50 parallel (${p.pass}, ${p.runs} runs)`,
      target: '>= 98% of limit',
      actual:
        `${((p.limitShare ?? 0) * 100).toFixed(1)}% ` +
        `(${p.throughput.toFixed(2)} of ${p.limit?.toFixed(2)} runs/s)`,
      pass: (p.limitShare ?? 0) >= 0.98,
    });
  }
  for (const p of result.passes) {
    goals.push({
      goal: `P95 overhead, ${p.scenario}, ${p.pass} at ${p.concurrency}`,
      target: '<= 25 ms',
      actual: `${p.overheadMs.p95.toFixed(1)} ms`,
      pass: p.overheadMs.p95 <= 25,
    });
  }
  for (const p of result.passes) {
    if (p.successRate < 1) {
      goals.push({
        goal: `success, ${p.scenario} at ${p.concurrency}`,
        target: '100%',
        actual: `${(p.successRate * 100).toFixed(1)}%`,
        pass: false,
      });
    }
  }
  if (result.memory) {
    goals.push({
      goal: `heap growth per run (${result.memory.runs} runs, all)`,
      target: '<= 0.03 MB',
      actual: `${result.memory.growthPerRunMb.toFixed(4)} MB`,
      pass: result.memory.growthPerRunMb <= 0.03,
    });
  }
  for (const b of result.bundles ?? []) {
    goals.push({
      goal: `bundle ${b.name}`,
      target: '<= 500 KB',
      actual: `${(b.bytes / 1024).toFixed(1)} KB`,
      pass: b.bytes <= 500 * 1024,
    });
  }
  for (const b of result.bundles ?? []) {
    goals.push({
      goal: `module init ${b.name}`,
      target: '<= 150 ms',
      actual: `${b.initMs.toFixed(1)} ms (CPU ${b.initCpuMs.toFixed(1)} ms)`,
      pass: b.initMs <= 150,
    });
  }
  const single = approvalPasses[0];
  if (single) {
    goals.push({
      goal: 'state transitions, single-account run',
      target: '<= 30',
      actual: single.stateTransitionsPerRun.toFixed(1),
      pass: single.stateTransitionsPerRun <= 30,
    });
  }
  return goals;
}
