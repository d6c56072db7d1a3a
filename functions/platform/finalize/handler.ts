import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { markApprovalTimedOut } from '../../commons/approval-store.js';
import { instrument } from '../../commons/instrument.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import type { RunRecord, RunStatus } from '../../commons/run-model.js';
import { finishRun, getRun, replaceStepOutcome, saveApproval } from '../../commons/run-store.js';
import { parseInput } from '../../commons/validation.js';
import { settleRun, type Failure } from './settle-run.js';

/**
 * The Finalize state: every path of the workflow ends here, with or without
 * a caught failure. It records what the failure did to the step it hit,
 * marks what was never run and why, and sets the run's final status.
 */

const eventSchema = z.object({
  runId: z.string().min(1),
  traceId: z.string().min(1),
  next: z.object({ kind: z.string(), stepId: z.string().nullable().optional() }).optional(),
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
});

export const handler = instrument('finalize', async (event: unknown) => {
  const input = parseInput(eventSchema, event, 'finalize event');
  bindRun(input);

  const run = await getRun(input.runId);
  const failure: Failure | undefined = input.failure && {
    name: input.failure.Error,
    message: causeMessage(input.failure.Cause),
    stepId: input.next?.stepId ?? undefined,
  };
  const settled = settleRun(run, failure, new Date());

  for (const [stepId, outcome] of Object.entries(settled.changedSteps)) {
    await replaceStepOutcome(run.runId, stepId, outcome);
  }
  for (const approval of settled.timedOutApprovals) {
    await markApprovalTimedOut(approval.approvalId, approval.decidedAt ?? new Date().toISOString());
    await saveApproval(run.runId, approval);
    emitMetric('ApprovalsTimedOut', MetricUnit.Count, 1);
  }
  await finishRun(run.runId, settled.status, settled.error);

  recordRunMetrics(run, settled.status);
  logger.info('run finished', { status: settled.status, failure: failure?.name });
  return { runId: run.runId, status: settled.status };
});

/** Lambda reports errors as JSON with a stack trace; keep only the message. */
function causeMessage(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: a cause given by SendTaskFailure or by Step Functions itself.
  }
  return cause.slice(0, 1000);
}

function recordRunMetrics(run: RunRecord, status: RunStatus): void {
  const name = { SUCCEEDED: 'RunsSucceeded', PARTIAL: 'RunsPartial' }[status as string];
  emitMetric(name ?? 'RunsFailed', MetricUnit.Count, 1);
  emitMetric('RunDuration', MetricUnit.Milliseconds, Date.now() - Date.parse(run.createdAt));
}
