import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbClient } from './aws-clients.js';
import { readEnvironment } from './config.js';
import { applyUpdate, getItem, putNewItem } from './dynamo.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { ApprovalSummary, Plan, RunRecord, RunStatus, StepOutcome } from './run-model.js';

/**
 * The runs table: one item per run, holding its plan, every step's outcome
 * and its approvals. `GET /runs/{id}` reads only this. Its writes read
 * nothing back: the item carries every step's output, and none of them
 * needs it.
 */

const table = () => readEnvironment().RUNS_TABLE;
const now = () => new Date().toISOString();

/** One page of runs, in no particular order, and where the next page starts. */
export async function scanRuns(
  limit: number,
  startAfter?: string,
): Promise<{ runs: RunRecord[]; next?: string }> {
  const page = await dynamoDbClient().send(
    new ScanCommand({
      TableName: table(),
      Limit: limit,
      ExclusiveStartKey: startAfter ? marshall({ runId: startAfter }) : undefined,
    }),
  );
  return {
    runs: (page.Items ?? []).map((item) => unmarshall(item) as RunRecord),
    next: page.LastEvaluatedKey ? String(unmarshall(page.LastEvaluatedKey).runId) : undefined,
  };
}

export async function createRun(run: RunRecord): Promise<void> {
  const created = await putNewItem(table(), { ...run }, 'runId');
  if (!created) throw new ConflictError(`run ${run.runId} exists already`);
}

export async function findRun(runId: string): Promise<RunRecord | undefined> {
  return getItem<RunRecord>(table(), { runId });
}

export async function getRun(runId: string): Promise<RunRecord> {
  const run = await findRun(runId);
  if (!run) throw new NotFoundError(`no run with id ${runId}`);
  return run;
}

export async function savePlan(runId: string, plan: Plan): Promise<void> {
  await applyUpdate({
    table: table(),
    key: { runId },
    set: ['#plan = :plan', '#status = :status', 'updatedAt = :now'],
    condition: 'attribute_exists(runId)',
    names: { '#plan': 'plan', '#status': 'status' },
    values: { ':plan': plan, ':status': 'RUNNING', ':now': now() },
  });
}

/**
 * Records a step's outcome once. Returns false when the step already has one,
 * which is how a retried invocation learns that its work is done.
 */
export async function recordStepOutcome(
  runId: string,
  stepId: string,
  outcome: StepOutcome,
): Promise<boolean> {
  return applyUpdate({
    table: table(),
    key: { runId },
    set: ['steps.#step = :outcome', 'updatedAt = :now'],
    condition: 'attribute_exists(runId) AND attribute_not_exists(steps.#step)',
    names: { '#step': stepId },
    values: { ':outcome': outcome, ':now': now() },
  });
}

/** Replaces a step's outcome, for the few places that amend one. */
export async function replaceStepOutcome(
  runId: string,
  stepId: string,
  outcome: StepOutcome,
): Promise<void> {
  await applyUpdate({
    table: table(),
    key: { runId },
    set: ['steps.#step = :outcome', 'updatedAt = :now'],
    condition: 'attribute_exists(runId)',
    names: { '#step': stepId },
    values: { ':outcome': outcome, ':now': now() },
  });
}

export async function saveApproval(
  runId: string,
  approval: ApprovalSummary,
  status?: RunStatus,
): Promise<void> {
  const set = ['approvals.#step = :approval', 'updatedAt = :now'];
  if (status) set.push('#status = :status');
  await applyUpdate({
    table: table(),
    key: { runId },
    set,
    condition: 'attribute_exists(runId)',
    names: { '#step': approval.stepId, ...(status ? { '#status': 'status' } : {}) },
    values: { ':approval': approval, ':now': now(), ...(status ? { ':status': status } : {}) },
  });
}

/** Sets the decision fields of one approval on the run, leaving its link as it was. */
export async function recordApprovalDecision(
  runId: string,
  stepId: string,
  decision: Pick<ApprovalSummary, 'status' | 'decidedAt' | 'reason'>,
  status?: RunStatus,
): Promise<void> {
  const set = [
    'approvals.#step.#decision = :decision',
    'approvals.#step.decidedAt = :decidedAt',
    'updatedAt = :now',
  ];
  if (decision.reason) set.push('approvals.#step.#reason = :reason');
  if (status) set.push('#status = :status');
  await applyUpdate({
    table: table(),
    key: { runId },
    set,
    condition: 'attribute_exists(approvals.#step)',
    names: {
      '#step': stepId,
      '#decision': 'status',
      ...(decision.reason ? { '#reason': 'reason' } : {}),
      ...(status ? { '#status': 'status' } : {}),
    },
    values: {
      ':decision': decision.status,
      ':decidedAt': decision.decidedAt,
      ':now': now(),
      ...(decision.reason ? { ':reason': decision.reason } : {}),
      ...(status ? { ':status': status } : {}),
    },
  });
}

export async function setRunStatus(runId: string, status: RunStatus): Promise<void> {
  await applyUpdate({
    table: table(),
    key: { runId },
    set: ['#status = :status', 'updatedAt = :now'],
    condition: 'attribute_exists(runId)',
    names: { '#status': 'status' },
    values: { ':status': status, ':now': now() },
  });
}

export async function finishRun(
  runId: string,
  status: RunStatus,
  error?: RunRecord['error'],
): Promise<void> {
  const set = ['#status = :status', 'updatedAt = :now', 'finishedAt = :now'];
  if (error) set.push('#error = :error');
  await applyUpdate({
    table: table(),
    key: { runId },
    set,
    condition: 'attribute_exists(runId)',
    names: { '#status': 'status', ...(error ? { '#error': 'error' } : {}) },
    values: { ':status': status, ':now': now(), ...(error ? { ':error': error } : {}) },
  });
}

export async function setExecutionArn(runId: string, executionArn: string): Promise<void> {
  await applyUpdate({
    table: table(),
    key: { runId },
    set: ['executionArn = :arn'],
    condition: 'attribute_exists(runId)',
    values: { ':arn': executionArn },
  });
}
