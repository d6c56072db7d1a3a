import { createHash } from 'node:crypto';
import { createBudget, reserveBudget } from '../../commons/budget-store.js';
import type {
  AccountSummary,
  CampaignPhase,
  CampaignRecord,
} from '../../commons/campaign-model.js';
import { DynamoCrmReader } from '../../commons/crm-store.js';
import { ConflictError, NotFoundError } from '../../commons/errors.js';
import type { RunRecord } from '../../commons/run-model.js';
import { createRun, getRun } from '../../commons/run-store.js';
import { planWithRules } from '../planner/rules-planner.js';

/**
 * The child runs of a campaign: ordinary sales runs (they show in GET /runs)
 * that reserve from the campaign's budget. A Map item prepares one, the
 * workflow starts its execution under the run id, and the item summarizes
 * what it did.
 */

/** The goal of each kind of child run, as the rules planner reads it. */
export const childGoals: Record<CampaignPhase, string> = {
  score: 'Prioritize this account and qualify the deal',
  draft: 'Score the fit and draft outreach for this account',
};

/** The budget units a child run's plan reserves, by the rules planner. */
export function plannedCost(phase: CampaignPhase): number {
  const plan = planWithRules({ goal: childGoals[phase], profile: 'rep' });
  return plan.steps.reduce((sum, step) => sum + (step.kind === 'tool' ? step.cost : 0), 0);
}

/** What every planned step of a campaign costs: the default campaign budget. */
export function campaignCost(accounts: number, draftTop: number): number {
  return plannedCost('score') * accounts + plannedCost('draft') * Math.min(draftTop, accounts);
}

/**
 * The run id of an account's child run in a phase: derived from the three,
 * so a retried preparation finds the run it made before.
 */
export function childRunId(campaignId: string, phase: CampaignPhase, accountId: string): string {
  const hex = createHash('sha256').update(`${campaignId}|${phase}|${accountId}`).digest('hex');
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return `run_${groups.join('-')}-${hex.slice(20, 32)}`;
}

export type Prepared =
  { skipped: false; runId: string } | { skipped: true; summary: AccountSummary };

/**
 * Creates the account's child run with a budget of its own, carved out of the
 * campaign's by one reservation of what the run's plan costs. When the
 * campaign has less left, the account is skipped and no run starts; items
 * running side by side cannot both take the last units, so no run is started
 * that its budget cannot finish.
 */
export async function prepareChildRun(
  campaign: CampaignRecord,
  phase: CampaignPhase,
  accountId: string,
  now = new Date(),
): Promise<Prepared> {
  const cost = plannedCost(phase);
  const account = await new DynamoCrmReader().findAccount(accountId);
  if (!account) throw new NotFoundError(`no imported account ${accountId}`);
  const runId = childRunId(campaign.campaignId, phase, accountId);

  const allotment = await reserveBudget(campaign.budgetId, `${runId}:allotment`, cost);
  if (!allotment.reserved) {
    return {
      skipped: true,
      summary: { accountId, status: 'skipped', reason: 'budget_exhausted' },
    };
  }
  await createBudget(runId, cost);
  const createdAt = now.toISOString();
  const run: RunRecord = {
    runId,
    traceId: campaign.traceId,
    status: 'PLANNING',
    goal: childGoals[phase],
    profile: 'rep',
    account,
    contact: phase === 'draft' ? campaign.contact : undefined,
    budgetLimit: cost,
    budgetId: runId,
    campaignId: campaign.campaignId,
    steps: {},
    approvals: {},
    createdAt,
    updatedAt: createdAt,
  };
  try {
    await createRun(run);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  return { skipped: false, runId };
}

/** What a finished child run did, as the campaign keeps it. */
export async function summarizeChildRun(
  phase: CampaignPhase,
  accountId: string,
  runId: string,
): Promise<AccountSummary> {
  const run = await getRun(runId);
  const base = { accountId, runId, runStatus: run.status };
  const outOfBudget = Object.values(run.steps).some((s) => s.reason === 'budget_exceeded');

  if (phase === 'score') {
    const fit = run.steps['score-account-fit']?.output as
      { score?: number; tier?: string } | undefined;
    const scores = { score: fit?.score, tier: fit?.tier };
    if (run.status === 'SUCCEEDED') return { ...base, ...scores, status: 'scored' };
    if (outOfBudget) return { ...base, ...scores, status: 'skipped', reason: 'budget_exceeded' };
    return { ...base, ...scores, status: 'failed', error: runError(run) };
  }

  const approval = Object.values(run.approvals)[0];
  if (approval) {
    return { ...base, status: 'drafted', reason: approval.status.toLowerCase() };
  }
  if (outOfBudget) return { ...base, status: 'skipped', reason: 'budget_exceeded' };
  return { ...base, status: 'failed', error: runError(run) };
}

function runError(run: RunRecord): NonNullable<AccountSummary['error']> {
  return run.error ?? { name: `Run${run.status}`, message: `the run ended ${run.status}` };
}

/** A Map item's caught failure, as the campaign keeps it. */
export function failedSummary(
  accountId: string,
  runId: string | undefined,
  failure: { Error: string; Cause?: string },
): AccountSummary {
  return {
    accountId,
    ...(runId ? { runId } : {}),
    status: 'failed',
    error: { name: failure.Error, message: causeMessage(failure.Cause) },
  };
}

/**
 * A failure's message: Lambda's errorMessage, a child execution's own cause,
 * or the text itself, cut to 500 characters.
 */
function causeMessage(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as {
      errorMessage?: unknown;
      Cause?: unknown;
      Error?: unknown;
    };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage.slice(0, 500);
    if (typeof parsed.Cause === 'string') return causeMessage(parsed.Cause);
    if (typeof parsed.Error === 'string') return parsed.Error;
  } catch {
    // Not JSON: a cause Step Functions wrote itself.
  }
  return cause.slice(0, 500);
}

/**
 * The accounts to draft for: the best scored ones, at most `top`, by score,
 * then in selection order. Accounts that were skipped or failed never count.
 */
export function rankAccounts(
  accountIds: string[],
  scored: AccountSummary[],
  top: number,
): string[] {
  const order = new Map(accountIds.map((id, index) => [id, index]));
  return scored
    .filter((s) => s.status === 'scored' && typeof s.score === 'number')
    .sort(
      (a, b) =>
        (b.score as number) - (a.score as number) ||
        (order.get(a.accountId) ?? 0) - (order.get(b.accountId) ?? 0),
    )
    .slice(0, top)
    .map((s) => s.accountId);
}
