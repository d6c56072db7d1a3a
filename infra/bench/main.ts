import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureBundles, memoryByFunction } from './bundles.js';
import { checkRun, Client, runPass, scenarios, type Scenario } from './load.js';
import { checkGoals } from './goals.js';
import { costPerRun, prices } from './prices.js';
import type { UsageSnapshot } from './protocol.js';
import {
  bundleTable,
  costLines,
  goalTable,
  lambdaTable,
  passTable,
  type BenchResult,
  type GoalResult,
  type MemoryResult,
  type PassResult,
} from './report.js';
import { StackProcess } from './stack-client.js';
import { growthPerRunMb, minus, summarize, throughput, throughputLimit } from './stats.js';

/**
 * `npm run bench`: a load benchmark of the product on the local stack, driven
 * over HTTP as a client would. See the Benchmark section of the README.
 */

const usage = `usage: npm run bench -- [options]

  --quick                 levels only at 5 and 50, a long pass of 200 runs, 3 init samples
  --delay SECONDS         the approver's delay after a run starts waiting (default 2.0)
  --levels LIST           concurrency levels (default 5,10,25,50)
  --long-runs N           runs of the long pass at 50 parallel (default 1000; 0 skips it)
  --long-concurrency N    its concurrency (default 50)
  --no-read-only          skip the read-only (no approval) passes
  --no-bundles            skip bundle sizes and module init times
  --bundle-sdk            bundle the AWS SDK too (not what CDK deploys), to compare init
  --out FILE              the JSON result (default infra/bench/results/latest.json)
  --cpu-prof DIR          run the stack under node --cpu-prof, profiles into DIR
  --heap-snapshots DIR    heap snapshots of the stack before and after the long pass`;

const defaultOut = fileURLToPath(new URL('./results/latest.json', import.meta.url));

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      delay: { type: 'string', default: '2.0' },
      levels: { type: 'string' },
      'long-runs': { type: 'string' },
      'long-concurrency': { type: 'string', default: '50' },
      'no-read-only': { type: 'boolean', default: false },
      'no-bundles': { type: 'boolean', default: false },
      'bundle-sdk': { type: 'boolean', default: false },
      out: { type: 'string', default: defaultOut },
      'cpu-prof': { type: 'string' },
      'heap-snapshots': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const number = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min) {
      throw new Error(`--${name} must be a number >= ${min}, not ${text}`);
    }
    return value;
  };
  const levels = (values.levels ?? (values.quick ? '5,50' : '5,10,25,50'))
    .split(',')
    .map((level) => number('levels', level, 1));
  return {
    quick: values.quick,
    delayMs: number('delay', values.delay, 0) * 1000,
    levels,
    longRuns: number('long-runs', values['long-runs'] ?? (values.quick ? '200' : '1000'), 0),
    longConcurrency: number('long-concurrency', values['long-concurrency'], 1),
    readOnly: !values['no-read-only'],
    bundles: !values['no-bundles'],
    bundleSdk: values['bundle-sdk'],
    out: resolve(values.out),
    cpuProfileDir: values['cpu-prof'] && resolve(values['cpu-prof']),
    snapshotDir: values['heap-snapshots'] && resolve(values['heap-snapshots']),
  };
}

type Options = ReturnType<typeof options>;

const log = (line = '') => process.stdout.write(`${line}\n`);

function usageDifference(after: UsageSnapshot, before: UsageSnapshot) {
  const functions: Record<string, { invocations: number; totalMs: number }> = {};
  for (const [name, entry] of Object.entries(after.functions)) {
    const earlier = before.functions[name] ?? { invocations: 0, totalMs: 0 };
    const invocations = entry.invocations - earlier.invocations;
    if (invocations > 0) {
      functions[name] = { invocations, totalMs: entry.totalMs - earlier.totalMs };
    }
  }
  const calls =
    Object.values(after.dynamodb.calls).reduce((a, b) => a + b, 0) -
    Object.values(before.dynamodb.calls).reduce((a, b) => a + b, 0);
  return {
    functions,
    readUnits: after.dynamodb.readUnits - before.dynamodb.readUnits,
    writeUnits: after.dynamodb.writeUnits - before.dynamodb.writeUnits,
    calls,
    cpuMs: after.cpuMs - before.cpuMs,
  };
}

async function measurePass(
  stack: StackProcess,
  client: Client,
  opts: Options,
  scenario: Scenario,
  pass: 'level' | 'long',
  runs: number,
  concurrency: number,
): Promise<{ result: PassResult; runIds: string[]; approvalsByRun: Record<string, string[]> }> {
  const delayMs = scenario.approval ? opts.delayMs : 0;
  const before = await stack.request<UsageSnapshot>({ type: 'usage' });
  const clientCpuBefore = process.cpuUsage();
  let shown = 0;
  const seen = await runPass(stack, client, {
    scenario,
    runs,
    concurrency,
    approvalDelayMs: delayMs,
    onProgress: (done) => {
      if (pass === 'long' && done - shown >= 100) {
        shown = done;
        process.stdout.write(`  ${done}/${runs} runs\r`);
      }
    },
  });
  const after = await stack.request<UsageSnapshot>({ type: 'usage' });
  const clientCpu = process.cpuUsage(clientCpuBefore);

  const problems: string[] = [];
  let succeeded = 0;
  for (const run of seen.runs) {
    const problem = run.problem ?? (await checkRun(client, scenario, run));
    if (problem) problems.push(`${run.runId || 'run'}: ${problem}`);
    else succeeded += 1;
  }

  const used = usageDifference(after, before);
  const memory = memoryByFunction();
  const lambdaPerRun = Object.fromEntries(
    Object.entries(used.functions).map(([name, f]) => [
      name,
      { invocations: f.invocations / runs, meanMs: f.totalMs / f.invocations },
    ]),
  );
  const latencies = seen.runs.map((run) => run.latencyMs);
  const latencyMs = summarize(latencies);
  const transitions = seen.runs.reduce((sum, run) => sum + run.stateEntered, 0) / runs;
  const cost = costPerRun({
    stateTransitions: transitions,
    functions: Object.entries(lambdaPerRun).map(([name, f]) => ({
      name,
      invocations: f.invocations,
      meanMs: f.meanMs,
      memoryMb: memory[name] ?? 256,
    })),
    readUnits: used.readUnits / runs,
    writeUnits: used.writeUnits / runs,
    // POST /runs, and the approval decision when there is one; the bench's check is not counted.
    apiRequests: scenario.approval ? 2 : 1,
  });
  const limit = scenario.approval ? throughputLimit(concurrency, delayMs) : null;
  const rate = throughput(seen.runs);
  const detections = seen.detectionsMs;
  const result: PassResult = {
    scenario: scenario.name,
    pass,
    concurrency,
    runs,
    succeeded,
    successRate: succeeded / runs,
    throughput: rate,
    limit,
    limitShare: limit === null ? null : rate / limit,
    latencyMs,
    overheadMs: minus(latencyMs, delayMs),
    detectionMs: detections.length
      ? detections.reduce((a, b) => a + b, 0) / detections.length
      : null,
    stateTransitionsPerRun: transitions,
    stackCpuMsPerRun: used.cpuMs / runs,
    clientCpuMsPerRun: (clientCpu.user + clientCpu.system) / 1000 / runs,
    lambdaPerRun,
    dynamoDbPerRun: {
      readUnits: used.readUnits / runs,
      writeUnits: used.writeUnits / runs,
      calls: used.calls / runs,
    },
    costPerRun: cost,
    problems: problems.slice(0, 20),
  };
  const approvalsByRun = Object.fromEntries(seen.runs.map((run) => [run.runId, run.approvalIds]));
  return { result, runIds: seen.runs.map((run) => run.runId), approvalsByRun };
}

async function measureMemory(
  stack: StackProcess,
  client: Client,
  opts: Options,
): Promise<{ pass: PassResult; memory: MemoryResult }> {
  const snapshot = async (name: string) => {
    if (!opts.snapshotDir) return;
    mkdirSync(opts.snapshotDir, { recursive: true });
    const file = resolve(opts.snapshotDir, `${name}.heapsnapshot`);
    await stack.request({ type: 'snapshot', file });
  };
  await snapshot('before');
  const heapBeforeBytes = await stack.request<number>({ type: 'heap' });
  const long = await measurePass(
    stack,
    client,
    opts,
    scenarios.approval,
    'long',
    opts.longRuns,
    opts.longConcurrency,
  );
  const heapAfterBytes = await stack.request<number>({ type: 'heap' });
  await stack.request({ type: 'approvals', byRun: long.approvalsByRun });
  await stack.request({ type: 'forget', what: 'executions', runIds: long.runIds });
  const withoutExecutions = await stack.request<number>({ type: 'heap' });
  await stack.request({ type: 'forget', what: 'items', runIds: long.runIds });
  const withoutItems = await stack.request<number>({ type: 'heap' });
  await snapshot('after');
  const runs = opts.longRuns;
  return {
    pass: long.result,
    memory: {
      runs,
      heapBeforeBytes,
      heapAfterBytes,
      growthPerRunMb: growthPerRunMb(heapBeforeBytes, heapAfterBytes, runs),
      engineHistoryPerRunMb: growthPerRunMb(withoutExecutions, heapAfterBytes, runs),
      tableItemsPerRunMb: growthPerRunMb(withoutItems, withoutExecutions, runs),
      remainderPerRunMb: growthPerRunMb(heapBeforeBytes, withoutItems, runs),
    },
  };
}

async function main(): Promise<void> {
  const opts = options();
  const loadAverageBefore = loadavg();
  if (loadAverageBefore[0]! > cpus().length * 0.75) {
    const load = loadAverageBefore[0]!.toFixed(2);
    log(
      `note: the load average is ${load} on ${cpus().length} cores; ` +
        'other work on this machine will show in the figures',
    );
  }

  let bundles = null;
  if (opts.bundles) {
    const how = opts.bundleSdk ? 'with the AWS SDK bundled too' : 'as CDK does';
    log(`Bundling each function ${how} and timing its import in fresh processes...`);
    bundles = await measureBundles(opts.quick ? 3 : 5, opts.bundleSdk);
    log(bundleTable(bundles));
    log();
  }

  log(`Starting the local stack in a child process${opts.cpuProfileDir ? ' (--cpu-prof)' : ''}...`);
  const stack = await StackProcess.start({ cpuProfileDir: opts.cpuProfileDir });
  const client = new Client(stack.apiUrl, stack.apiToken);
  const passes: PassResult[] = [];
  let memory: MemoryResult | null = null;
  try {
    // Warm-up: loads every function and warms the JIT, as warm Lambdas would be.
    for (const scenario of [scenarios.approval, scenarios.readOnly]) {
      await runPass(stack, client, { scenario, runs: 10, concurrency: 5, approvalDelayMs: 50 });
    }

    const chosen = opts.readOnly ? [scenarios.approval, scenarios.readOnly] : [scenarios.approval];
    for (const scenario of chosen) {
      for (const level of opts.levels) {
        const { result } = await measurePass(stack, client, opts, scenario, 'level', level, level);
        passes.push(result);
        log(
          `${scenario.name} x${level}: ${result.succeeded}/${result.runs} ok, ` +
            `p95 ${result.latencyMs.p95.toFixed(0)} ms, ${result.throughput.toFixed(2)} runs/s`,
        );
      }
    }
    if (opts.longRuns > 0) {
      log(`Long pass: ${opts.longRuns} runs at ${opts.longConcurrency} parallel...`);
      const long = await measureMemory(stack, client, opts);
      passes.push(long.pass);
      memory = long.memory;
    }
  } finally {
    await stack.stop();
  }

  const result: BenchResult = {
    startedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    settings: {
      approvalDelayMs: opts.delayMs,
      levels: opts.levels,
      longRuns: opts.longRuns,
      longConcurrency: opts.longConcurrency,
      quick: opts.quick,
      bundleSdk: opts.bundleSdk,
      stack: 'child process (node --expose-gc), client in this process',
      waitingDetection: 'onApprovalRequested hook in the stack process, sent over IPC',
      warmUp: '10 runs of each scenario at 5 parallel, not counted',
      scenarios: { approval: scenarios.approval.request, readOnly: scenarios.readOnly.request },
    },
    passes,
    memory,
    bundles,
    prices,
    goals: [],
  };
  result.goals = checkGoals(result);

  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);

  log();
  log(passTable(passes));
  const detection = passes.find((p) => p.detectionMs !== null)?.detectionMs;
  if (detection !== undefined && detection !== null) {
    log(`\nWaiting detection: onApprovalRequested over IPC, mean ${detection.toFixed(2)} ms added`);
  }
  const reference = passes[0];
  if (reference) {
    log(`\nPer run (${reference.scenario}, ${reference.pass} at ${reference.concurrency}):`);
    log(lambdaTable(reference));
    const dynamo = reference.dynamoDbPerRun;
    log(
      `DynamoDB: ${dynamo.calls.toFixed(1)} calls, ` +
        `${dynamo.readUnits.toFixed(1)} RRU, ${dynamo.writeUnits.toFixed(1)} WRU`,
    );
    log(
      `Estimated AWS cost (${prices.region}, prices of ${prices.checked}): ` +
        costLines(reference.costPerRun),
    );
  }
  if (memory) {
    const mb = (n: number) => `${n.toFixed(4)} MB`;
    log(
      `\nHeap growth over ${memory.runs} runs, after GC: ${mb(memory.growthPerRunMb)} per run` +
        ` = engine history ${mb(memory.engineHistoryPerRunMb)}` +
        ` + table items ${mb(memory.tableItemsPerRunMb)} ` +
        `+ remainder ${mb(memory.remainderPerRunMb)}`,
    );
  }
  log();
  log(goalTable(result.goals));
  log(`\nWritten to ${opts.out}`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack}\n`);
  process.exit(1);
});
