import { classifyFailure } from '../../commons/errors.js';
import type {
  ApprovalSummary,
  NotApprovedReason,
  RunRecord,
  RunStatus,
  StepOutcome,
} from '../../commons/run-model.js';

/** A failure the workflow caught, and the step it stopped at, if any. */
export interface Failure {
  name: string;
  message: string;
  stepId?: string;
}

export interface SettledRun {
  status: RunStatus;
  error?: RunRecord['error'];
  /** Step outcomes to write, new or amended. */
  changedSteps: Record<string, StepOutcome>;
  /** Approvals that the workflow's timeout ended. */
  timedOutApprovals: ApprovalSummary[];
}

/**
 * Works out how a run ends, from its record and the failure that stopped it.
 * Pure: Finalize writes what this returns.
 *
 * A run SUCCEEDS when every step succeeded and every proposal was approved;
 * it is PARTIAL when anything was skipped, failed, rejected or timed out;
 * it FAILS when it never got a plan.
 */
export function settleRun(run: RunRecord, failure: Failure | undefined, now: Date): SettledRun {
  const at = now.toISOString();
  const outcomes: Record<string, StepOutcome> = { ...run.steps };
  const changed: Record<string, StepOutcome> = {};
  const timedOut: ApprovalSummary[] = [];
  const set = (stepId: string, outcome: StepOutcome) => {
    outcomes[stepId] = outcome;
    changed[stepId] = outcome;
  };

  const steps = run.plan?.steps ?? [];
  const failedStep = steps.find((s) => s.id === failure?.stepId);

  if (failure && !run.plan) {
    return {
      status: 'FAILED',
      error: { class: classifyFailure(failure.name), name: failure.name, message: failure.message },
      changedSteps: {},
      timedOutApprovals: [],
    };
  }

  let stopReason = 'run_stopped_after_failure';
  if (failure && failedStep?.kind === 'approval') {
    const approval = run.approvals[failedStep.id];
    if (failure.name === 'States.Timeout') {
      stopReason = 'approval_timed_out';
      set(failedStep.id, { status: 'timed_out', reason: 'approval_timed_out', finishedAt: at });
      if (approval) timedOut.push({ ...approval, status: 'TIMED_OUT', decidedAt: at });
    } else if (failure.name === 'ApprovalRejected') {
      stopReason = 'rejected';
      if (outcomes[failedStep.id]?.status !== 'rejected') {
        set(failedStep.id, { status: 'rejected', reason: 'rejected', finishedAt: at });
      }
    } else {
      set(failedStep.id, failedOutcome(failure, at));
    }
  } else if (failure && failedStep && outcomes[failedStep.id]?.status !== 'failed') {
    set(failedStep.id, failedOutcome(failure, at));
  }

  for (const step of steps) {
    if (step.kind !== 'approval') continue;
    const decision = outcomes[step.id];
    const proposal = outcomes[step.of];
    if (!decision || !proposal) continue;
    const approved = decision.status === 'approved';
    const reason: NotApprovedReason | undefined = approved
      ? undefined
      : decision.status === 'rejected'
        ? 'rejected'
        : 'approval_timed_out';
    if (decision.status === 'skipped') continue;
    set(step.of, {
      ...proposal,
      approval: { approved, reason, decidedAt: decision.finishedAt },
    });
  }

  for (const step of steps) {
    if (!outcomes[step.id]) {
      set(step.id, { status: 'skipped', reason: failure ? stopReason : 'not_run', finishedAt: at });
    }
  }

  const complete = steps.every((step) => {
    const status = outcomes[step.id]?.status;
    return status === 'succeeded' || status === 'approved';
  });
  const error =
    failure && failedStep?.kind !== 'approval'
      ? { class: classifyFailure(failure.name), name: failure.name, message: failure.message }
      : undefined;
  return {
    status: complete && !failure ? 'SUCCEEDED' : 'PARTIAL',
    error,
    changedSteps: changed,
    timedOutApprovals: timedOut,
  };
}

function failedOutcome(failure: Failure, at: string): StepOutcome {
  return {
    status: 'failed',
    error: { class: classifyFailure(failure.name), name: failure.name, message: failure.message },
    finishedAt: at,
  };
}
