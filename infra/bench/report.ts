import type { BundleFigures } from './bundles.js';
import type { RunCost } from './prices.js';
import type { LatencySummary } from './stats.js';

/**
 * The bench's results: the JSON document it writes, the goals it checks, and
 * the plain-text table it prints.
 */

/** One pass: a scenario at one concurrency. */
export interface PassResult {
  scenario: string;
  pass: 'level' | 'long';
  concurrency: number;
  runs: number;
  succeeded: number;
  successRate: number;
  /** Runs per second, first start to last end. */
  throughput: number;
  /** concurrency / approval delay; null without an approval step. */
  limit: number | null;
  /** throughput / limit. */
  limitShare: number | null;
  latencyMs: LatencySummary;
  /** Latency less the approval delay; equal to latency without approval. */
  overheadMs: LatencySummary;
  /** Mean time from the approval hook firing to the approver hearing of it. */
  detectionMs: number | null;
  stateTransitionsPerRun: number;
  /** CPU the stack process spent per run: the cost of a run on this machine. */
  stackCpuMsPerRun: number;
  /** CPU the load generator (this process) spent per run. */
  clientCpuMsPerRun: number;
  lambdaPerRun: Record<string, { invocations: number; meanMs: number }>;
  dynamoDbPerRun: { readUnits: number; writeUnits: number; calls: number };
  costPerRun: RunCost;
  problems: string[];
}

export interface MemoryResult {
  runs: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** All growth, per run. */
  growthPerRunMb: number;
  /** What the local engine keeps of each execution (its events, token and abort entries). */
  engineHistoryPerRunMb: number;
  /** The runs', budgets' and approvals' items in dynalite: DynamoDB's storage on AWS. */
  tableItemsPerRunMb: number;
  /** What remains once both are dropped: the functions and the rest of the glue. */
  remainderPerRunMb: number;
}

export interface GoalResult {
  goal: string;
  target: string;
  actual: string;
  pass: boolean;
}

export interface BenchResult {
  startedAt: string;
  machine: {
    node: string;
    cpus: number;
    cpuModel: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  settings: Record<string, unknown>;
  passes: PassResult[];
  memory: MemoryResult | null;
  bundles: BundleFigures[] | null;
  prices: Record<string, unknown>;
  goals: GoalResult[];
}

const fixed = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function passTable(passes: PassResult[]): string {
  return table(
    [
      'scenario',
      'pass',
      'conc',
      'runs',
      'ok %',
      'runs/s',
      '% limit',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'ovh p50',
      'ovh p95',
      'ovh p99',
      'cpu ms',
      'states',
      'cost/run $',
    ],
    passes.map((p) => [
      p.scenario,
      p.pass,
      String(p.concurrency),
      String(p.runs),
      fixed(p.successRate * 100, 1),
      fixed(p.throughput, 2),
      p.limitShare === null ? '-' : fixed(p.limitShare * 100, 1),
      fixed(p.latencyMs.p50),
      fixed(p.latencyMs.p95),
      fixed(p.latencyMs.p99),
      fixed(p.overheadMs.p50),
      fixed(p.overheadMs.p95),
      fixed(p.overheadMs.p99),
      fixed(p.stackCpuMsPerRun, 1),
      fixed(p.stateTransitionsPerRun, 1),
      p.costPerRun.total.toExponential(2),
    ]),
  );
}

export function bundleTable(bundles: BundleFigures[]): string {
  return table(
    ['function', 'entry', 'memory MB', 'bundle KB', 'init ms', 'init CPU ms', 'init ms (all)'],
    bundles.map((b) => [
      b.name,
      b.entry,
      String(b.memoryMb),
      fixed(b.bytes / 1024, 1),
      fixed(b.initMs, 1),
      fixed(b.initCpuMs, 1),
      b.initSamplesMs.map((s) => fixed(s)).join(' '),
    ]),
  );
}

export function lambdaTable(pass: PassResult): string {
  return table(
    ['function', 'calls/run', 'mean ms'],
    Object.entries(pass.lambdaPerRun).map(([name, f]) => [
      name,
      fixed(f.invocations, 2),
      fixed(f.meanMs, 2),
    ]),
  );
}

export function goalTable(goals: GoalResult[]): string {
  return table(
    ['goal', 'target', 'actual', ''],
    goals.map((g) => [g.goal, g.target, g.actual, g.pass ? 'PASS' : 'MISS']),
  );
}

export function costLines(cost: RunCost): string {
  const usd = (n: number) => `$${n.toExponential(2)}`;
  return [
    `Step Functions ${usd(cost.stepFunctions)}`,
    `Lambda compute ${usd(cost.lambdaCompute)}`,
    `Lambda requests ${usd(cost.lambdaRequests)}`,
    `DynamoDB ${usd(cost.dynamoDb)}`,
    `API Gateway ${usd(cost.apiGateway)}`,
    `total ${usd(cost.total)} (${(cost.total * 1000).toFixed(4)} USD per 1,000 runs)`,
  ].join(', ');
}
