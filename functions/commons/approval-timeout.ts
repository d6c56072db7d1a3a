import { markApprovalTimedOut } from './approval-store.js';
import { recordApprovalDecision, replaceStepOutcome } from './run-store.js';

/**
 * Records that a run stopped waiting for an approval, in both places that
 * say so: the approval itself, and the run's approval and step. Used when a
 * decision arrives for a workflow that no longer waits, and when the local
 * stack finds an approval whose workflow a restart lost.
 */
export async function recordApprovalTimedOut(
  approval: { approvalId: string; runId: string; stepId: string },
  reason: 'approval_timed_out' | 'execution_lost',
  at = new Date().toISOString(),
): Promise<void> {
  await markApprovalTimedOut(approval.approvalId, at);
  await recordApprovalDecision(approval.runId, approval.stepId, {
    status: 'TIMED_OUT',
    decidedAt: at,
  });
  await replaceStepOutcome(approval.runId, approval.stepId, {
    status: 'timed_out',
    reason,
    finishedAt: at,
  });
}
