import { randomBytes } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { approvalPath } from '../../commons/approval-link.js';
import { createApproval } from '../../commons/approval-store.js';
import { readEnvironment } from '../../commons/config.js';
import { instrument } from '../../commons/instrument.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import { getRun, saveApproval } from '../../commons/run-store.js';
import { parseInput } from '../../commons/validation.js';

/**
 * The WaitForApproval state's function: stores the task token under a fresh
 * approval id, builds the signed link a human decides through, and marks the
 * run as waiting. The workflow stays paused until the decision endpoint
 * sends the token back, or the state's timeout fires.
 */

const eventSchema = z.object({
  runId: z.string().min(1),
  traceId: z.string().min(1),
  stepId: z.string().min(1),
  timeoutSeconds: z.number().int().positive(),
  taskToken: z.string().min(1),
});

export interface ApprovalRequested {
  approvalId: string;
  url: string;
}

export const handler = instrument('approval-request', async (event: unknown) => {
  const request = parseInput(eventSchema, event, 'approval request event');
  bindRun(request);

  const run = await getRun(request.runId);
  const step = run.plan?.steps.find((s) => s.id === request.stepId);
  if (!step || step.kind !== 'approval') {
    throw new Error(`step ${request.stepId} of run ${request.runId} is not an approval`);
  }

  const approvalId = `apr_${randomBytes(16).toString('base64url')}`;
  const requestedAt = new Date();
  const expiresAt = new Date(requestedAt.getTime() + request.timeoutSeconds * 1000);
  const url = `${readEnvironment().PUBLIC_API_URL.replace(/\/+$/, '')}${await approvalPath(
    approvalId,
    expiresAt,
  )}`;

  await createApproval({
    approvalId,
    runId: run.runId,
    traceId: run.traceId,
    stepId: step.id,
    of: step.of,
    taskToken: request.taskToken,
    status: 'PENDING',
    requestedAt: requestedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  await saveApproval(
    run.runId,
    {
      approvalId,
      stepId: step.id,
      of: step.of,
      status: 'PENDING',
      url,
      requestedAt: requestedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    },
    'AWAITING_APPROVAL',
  );

  logger.info('approval requested', { approvalId, stepId: step.id, expiresAt });
  emitMetric('ApprovalsRequested', MetricUnit.Count, 1);
  return { approvalId, url } satisfies ApprovalRequested;
});
