import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import escapeHtml from 'escape-html';
import * as z from 'zod';
import { decideApproval, findApproval, type ApprovalItem } from '../../commons/approval-store.js';
import { recordApprovalTimedOut } from '../../commons/approval-timeout.js';
import { stepFunctionsClient } from '../../commons/aws-clients.js';
import { bindRun, emitMetric, logger } from '../../commons/powertools.js';
import { recordApprovalDecision, recordStepOutcome } from '../../commons/run-store.js';
import { approvalFromLink } from './approval-page.js';
import { html, HttpError, json, parseBody, wantsJson } from './http.js';

/**
 * `POST /approvals/{approvalId}`: the human's decision. Exactly one decision
 * wins, by a conditional update; the winner records it on the run and hands
 * the task token back to the paused workflow.
 */

export const decisionRequestSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    reason: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .meta({ description: 'Kept with the decision.', examples: ['Send it today'] }),
  })
  .meta({ description: 'The decision, as JSON or as the approval page form posts it.' });

/** The JSON answer of a recorded decision; the OpenAPI document is generated from it. */
export const decisionAnswerSchema = z.strictObject({
  approvalId: z.string(),
  runId: z.string(),
  decision: z.enum(['APPROVED', 'REJECTED']),
  decidedAt: z.iso.datetime(),
  reason: z.string().optional(),
});

export async function decide(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const approval = await approvalFromLink(event);
  bindRun(approval);
  const { decision, reason } = parseBody(event, decisionRequestSchema, { allowForm: true });
  const { status, decidedAt } = await decideOnce(approval, decision, reason);

  const body: z.infer<typeof decisionAnswerSchema> = {
    approvalId: approval.approvalId,
    runId: approval.runId,
    decision: status,
    decidedAt,
    reason,
  };
  if (wantsJson(event) || (event.headers?.['content-type'] ?? '').includes('json')) {
    return json(200, body);
  }
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Decision recorded</title></head>
<body style="font:16px system-ui;max-width:40rem;margin:2rem auto">
<h1>${status === 'APPROVED' ? 'Approved' : 'Rejected'}</h1>
<p>The decision is recorded on run ${escapeHtml(approval.runId)}${
      status === 'APPROVED' ? ', which continues now' : ', which ends without sending anything'
    }.</p></body></html>`,
  );
}

/** A decision as recorded. */
export interface Decided {
  status: 'APPROVED' | 'REJECTED';
  decidedAt: string;
}

/**
 * Decides one approval, whoever asks: its signed link or a campaign's bulk
 * decisions. Exactly one decision wins, by a conditional update; the winner
 * records it on the run and hands the task token back to the paused
 * workflow. Throws an HttpError (409, 410, 502) when it cannot.
 */
export async function decideOnce(
  approval: ApprovalItem,
  decision: 'approve' | 'reject',
  reason: string | undefined,
): Promise<Decided> {
  refuseIfSettled(approval);

  const status = decision === 'approve' ? 'APPROVED' : 'REJECTED';
  const decidedAt = new Date().toISOString();
  const won = await decideApproval(approval.approvalId, status, decidedAt, reason);
  if (!won) refuseIfSettled((await findApproval(approval.approvalId)) ?? approval);
  if (!won) throw new HttpError(409, 'already_decided', 'this approval was decided already');

  try {
    await recordStepOutcome(approval.runId, approval.stepId, {
      status: decision === 'approve' ? 'approved' : 'rejected',
      reason: decision === 'approve' ? undefined : 'rejected',
      output: { decision: status, reason: reason || undefined, decidedAt },
      finishedAt: decidedAt,
    });
    await recordApprovalDecision(
      approval.runId,
      approval.stepId,
      { status, decidedAt, reason: reason || undefined },
      decision === 'approve' ? 'RUNNING' : undefined,
    );
  } catch (error) {
    await failApprovalTask(approval, error);
    throw new HttpError(502, 'decision_not_recorded', 'the decision could not be recorded');
  }
  await resumeWorkflow(approval, decision, reason);

  logger.info('approval decided', { approvalId: approval.approvalId, decision: status });
  emitMetric(
    decision === 'approve' ? 'ApprovalsApproved' : 'ApprovalsRejected',
    MetricUnit.Count,
    1,
  );
  emitMetric(
    'ApprovalDecisionTime',
    MetricUnit.Seconds,
    (Date.parse(decidedAt) - Date.parse(approval.requestedAt)) / 1000,
  );
  return { status, decidedAt };
}

function refuseIfSettled(approval: ApprovalItem): void {
  if (approval.status === 'TIMED_OUT') {
    throw new HttpError(410, 'approval_timed_out', 'the run stopped waiting for this approval', {
      decision: 'TIMED_OUT',
      decidedAt: approval.decidedAt,
    });
  }
  if (approval.status !== 'PENDING') {
    throw new HttpError(409, 'already_decided', 'this approval was decided already', {
      decision: approval.status,
      decidedAt: approval.decidedAt,
      reason: approval.reason || undefined,
    });
  }
}

/**
 * Sends the token back. When the workflow stopped waiting meanwhile, the
 * approval is marked timed out and the caller gets 410. Any other failure
 * fails the approval task at once, so the run ends now instead of waiting
 * for its timeout.
 */
async function resumeWorkflow(
  approval: ApprovalItem,
  decision: 'approve' | 'reject',
  reason: string | undefined,
): Promise<void> {
  const sfn = stepFunctionsClient();
  try {
    if (decision === 'approve') {
      await sfn.send(
        new SendTaskSuccessCommand({
          taskToken: approval.taskToken,
          output: JSON.stringify({ decision: 'APPROVED', reason: reason ?? '' }),
        }),
      );
    } else {
      await sfn.send(
        new SendTaskFailureCommand({
          taskToken: approval.taskToken,
          error: 'ApprovalRejected',
          cause: (reason ?? '').slice(0, 256) || 'rejected',
        }),
      );
    }
  } catch (error) {
    if (
      error instanceof TaskTimedOut ||
      error instanceof TaskDoesNotExist ||
      error instanceof InvalidToken
    ) {
      // The workflow stopped waiting: the decision recorded a moment ago stands for nothing.
      await recordApprovalTimedOut(approval, 'approval_timed_out');
      throw new HttpError(410, 'approval_timed_out', 'the run stopped waiting for this approval', {
        decision: 'TIMED_OUT',
      });
    }
    await failApprovalTask(approval, error);
    throw new HttpError(502, 'workflow_unavailable', 'the decision could not be delivered');
  }
}

/**
 * Fails the paused approval task at once, so that the run ends now with the
 * failure recorded instead of waiting for its timeout.
 */
async function failApprovalTask(approval: ApprovalItem, cause: unknown): Promise<void> {
  logger.error('the decision failed; failing the approval task', { err: cause });
  try {
    await stepFunctionsClient().send(
      new SendTaskFailureCommand({
        taskToken: approval.taskToken,
        error: 'ApprovalFailed',
        cause: 'the decision could not be delivered',
      }),
    );
  } catch (error) {
    logger.error('could not fail the approval task', { err: error });
  }
}
