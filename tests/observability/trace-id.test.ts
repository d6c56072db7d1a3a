import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';
import {
  captureFunctionOutput,
  countBy,
  countsOf,
  lineName,
  type LogLine,
  type MetricEvent,
  type OutputLine,
} from './function-output.js';

/**
 * One trace id through a whole run: every log line and metric event the
 * functions write for a run, from POST /runs through every step and across
 * the approval callback, carries that run's runId and traceId, and the lines
 * of two concurrent runs never mix, which is what the per-invocation scoping
 * of the local stack's in-process Lambdas must guarantee.
 */

const goal = 'Prioritize this account, draft outreach and qualify the deal';

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  ({ stack, api } = await startTestStack({ logLevel: 'INFO', metrics: true }));
});

afterAll(async () => {
  await stack.close();
});

interface PlannedStep {
  kind: string;
  status: string;
  tool?: string;
  domain?: string;
}

/** Runs one run to its end over HTTP, deciding its approval as told. */
async function runThrough(decision: 'approve' | 'reject', reason: string) {
  const started = await api.startRun({ goal, ...northwind });
  expect(started.status).toBe(202);
  const runId = started.body.runId as string;
  const waiting = await api.waitForStatus(runId, ['AWAITING_APPROVAL']);
  const decided = await api.decide(waiting.approvalUrl, decision, reason);
  expect(decided.status).toBe(200);
  const done = await api.waitForStatus(runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);
  const planned = (done.steps as PlannedStep[]).filter((step) => step.kind === 'tool');
  const tools = planned.filter((step) => step.status === 'succeeded');
  return { runId, traceId: started.body.traceId as string, done, planned, tools };
}

/** Runs `act`, waits until every execution has ended, and keeps what the functions wrote. */
async function captureRuns<T>(act: () => Promise<T>) {
  return captureFunctionOutput(async () => {
    const result = await act();
    await stack.stepFunctions.settle();
    return result;
  });
}

const logs = (lines: OutputLine[]) => lines.filter((l): l is LogLine => l.kind === 'log');
const metricEvents = (lines: OutputLine[]) =>
  lines.filter((l): l is MetricEvent => l.kind === 'metric');

describe('the trace id of a run', () => {
  it('is on every log line and metric event of the run, through the approval', async () => {
    const {
      result: run,
      lines,
      unparsed,
    } = await captureRuns(() => runThrough('approve', 'Good fit, send it'));

    expect(run.done.status).toBe('SUCCEEDED');
    expect(run.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(unparsed).toEqual([]);
    expect(lines.filter((line) => line.runId !== run.runId)).toEqual([]);
    expect(lines.filter((line) => line.traceId !== run.traceId)).toEqual([]);
    const stepLogs = logs(lines).filter((line) => line.xray_trace_id !== undefined);
    expect(stepLogs.filter((line) => line.xray_trace_id !== run.traceId)).toEqual([]);

    const n = run.tools.length;
    expect(n).toBe(run.planned.length);
    expect(n).toBeGreaterThanOrEqual(4);
    expect(
      countsOf(countBy(logs(lines), lineName), [
        'run started',
        'run planned',
        'budget reserved',
        'tool step succeeded',
        'approval requested',
        'approval decided',
        'run finished',
      ]),
    ).toEqual({
      'run started': 1,
      'run planned': 1,
      'budget reserved': n,
      'tool step succeeded': n,
      'approval requested': 1,
      'approval decided': 1,
      'run finished': 1,
    });
    expect(
      countsOf(countBy(metricEvents(lines), lineName), [
        'RunsStarted',
        'PlannedSteps',
        'BudgetUnitsSpent',
        'StepDuration',
        'StepErrors',
        'ApprovalsRequested',
        'ApprovalsApproved',
        'ApprovalsRejected',
        'ApprovalsTimedOut',
        'RunsSucceeded',
        'RunsPartial',
        'RunsFailed',
        'RunDuration',
      ]),
    ).toEqual({
      RunsStarted: 1,
      PlannedSteps: 1,
      BudgetUnitsSpent: n,
      StepDuration: n,
      StepErrors: 0,
      ApprovalsRequested: 1,
      ApprovalsApproved: 1,
      ApprovalsRejected: 0,
      ApprovalsTimedOut: 0,
      RunsSucceeded: 1,
      RunsPartial: 0,
      RunsFailed: 0,
      RunDuration: 1,
    });
  });

  it('follows the run through every function, tool by tool in plan order', async () => {
    const { result: run, lines } = await captureRuns(() => runThrough('approve', 'Looks right'));

    const domains = [...new Set(run.tools.map((step) => step.domain as string))];
    const handlers = new Set(logs(lines).map((line) => line.handler));
    expect([...handlers].sort()).toEqual(
      ['api', 'planner', 'budget', 'approval-request', 'finalize', ...domains].sort(),
    );
    const succeeded = logs(lines).filter((line) => line.message === 'tool step succeeded');
    expect(succeeded.map((line) => line.tool)).toEqual(run.tools.map((step) => step.tool));
    const durations = metricEvents(lines).filter((event) => event.name === 'StepDuration');
    expect(durations.map((event) => event.dimensions)).toEqual(
      run.tools.map((step) => ({ service: 'cugar-sales', domain: step.domain, tool: step.tool })),
    );
    expect(new Set(metricEvents(lines).map((event) => event.namespace))).toEqual(
      new Set(['CugarSales']),
    );
    const decided = logs(lines).find((line) => line.message === 'approval decided');
    expect(decided).toMatchObject({ handler: 'api', decision: 'APPROVED', traceId: run.traceId });
  });

  it('never mixes the lines of two runs that run at the same time', async () => {
    const {
      result: runs,
      lines,
      unparsed,
    } = await captureRuns(() =>
      Promise.all([runThrough('approve', 'First'), runThrough('reject', 'Second')]),
    );

    const [approved, rejected] = runs;
    expect([approved.done.status, rejected.done.status]).toEqual(['SUCCEEDED', 'PARTIAL']);
    expect(approved.traceId).not.toBe(rejected.traceId);
    expect(unparsed).toEqual([]);
    const traceOf = new Map(runs.map((run) => [run.runId, run.traceId]));
    expect(lines.filter((line) => !traceOf.has(line.runId ?? ''))).toEqual([]);
    expect(lines.filter((line) => line.traceId !== traceOf.get(line.runId ?? ''))).toEqual([]);
    const stepLogs = logs(lines).filter((line) => line.xray_trace_id !== undefined);
    expect(stepLogs.filter((line) => line.xray_trace_id !== line.traceId)).toEqual([]);

    const runIds = lines.map((line) => line.runId);
    const switches = runIds.filter((runId, i) => i > 0 && runId !== runIds[i - 1]).length;
    expect(switches).toBeGreaterThanOrEqual(4);
    for (const run of runs) {
      const own = lines.filter((line) => line.runId === run.runId);
      const n = run.tools.length;
      const decision = run === approved ? 'ApprovalsApproved' : 'ApprovalsRejected';
      const outcome = run === approved ? 'RunsSucceeded' : 'RunsPartial';
      expect(
        countsOf(countBy(own, lineName), [
          'run started',
          'tool step succeeded',
          'approval decided',
          'run finished',
          'StepDuration',
          decision,
          outcome,
        ]),
      ).toEqual({
        'run started': 1,
        'tool step succeeded': n,
        'approval decided': 1,
        'run finished': 1,
        StepDuration: n,
        [decision]: 1,
        [outcome]: 1,
      });
    }
  });
});
