import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { findBudget } from '../../commons/budget-store.js';
import type { RunRecord } from '../../commons/run-model.js';
import { getRun } from '../../commons/run-store.js';
import { json } from './http.js';

/** `GET /runs/{runId}`: the run as its record tells it, steps in plan order. */
export async function getRunView(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const runId = event.pathParameters?.runId ?? '';
  const run = await getRun(runId);
  const budget = await findBudget(runId);
  return json(200, presentRun(run, budget && { spent: budget.spent, remaining: budget.remaining }));
}

/** The account as normalize-account made it from the run's CRM record, if it has run. */
function normalizedAccount(run: RunRecord): RunRecord['account'] | undefined {
  const output = run.steps['normalize-account']?.output as
    | { account?: RunRecord['account'] }
    | undefined;
  return output?.account;
}

/** The public view of a run; the record's internals stay out. */
export function presentRun(run: RunRecord, usage?: { spent: number; remaining: number }) {
  const plan = run.plan;
  const steps = (plan?.steps ?? []).map((step) => {
    const outcome = run.steps[step.id];
    return {
      id: step.id,
      kind: step.kind,
      ...(step.kind === 'tool'
        ? { tool: step.tool, domain: step.domain, cost: step.cost }
        : { of: step.of }),
      why: step.why,
      status: outcome?.status ?? 'pending',
      ...(outcome ?? {}),
    };
  });
  const approvals = Object.values(run.approvals).sort((a, b) =>
    a.requestedAt.localeCompare(b.requestedAt),
  );
  const waiting = approvals.find((a) => a.status === 'PENDING');
  return {
    runId: run.runId,
    traceId: run.traceId,
    status: run.status,
    goal: run.goal,
    profile: run.profile,
    account: normalizedAccount(run) ?? run.account,
    contact: run.contact,
    plan: plan && {
      planner: plan.planner,
      explanation: plan.explanation,
      fallbackReason: plan.fallbackReason,
      tokens: plan.tokens,
    },
    steps,
    budget: {
      limit: run.budgetLimit,
      spent: usage?.spent ?? 0,
      remaining: usage?.remaining ?? run.budgetLimit,
    },
    approvals: approvals.map((a) => ({
      approvalId: a.approvalId,
      stepId: a.stepId,
      of: a.of,
      decision: a.status,
      requestedAt: a.requestedAt,
      expiresAt: a.expiresAt,
      decidedAt: a.decidedAt,
      reason: a.reason,
    })),
    approvalUrl: run.status === 'AWAITING_APPROVAL' ? waiting?.url : undefined,
    error: run.error,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
  };
}
