import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientError } from '../../functions/commons/errors.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';
import type { LocalStack } from '../../infra/local/stack.js';

/**
 * The sales-run workflow, from the ASL file on the local engine, with the
 * real functions and dynalite: every way a run can end.
 */

const goal = 'Prioritize this account, draft outreach and qualify the deal';
const plannedSteps = [
  'score-account-fit',
  'account-signals',
  'draft-outreach',
  'assess-message-quality',
  'approve-draft-outreach',
  'qualify-opportunity',
  'assess-deal-risk',
];

let stack: LocalStack;
let api: ApiClient;
/** Faults to inject, by function name: each call takes the next one. */
const faults = new Map<string, Error[]>();
const invocations = new Map<string, number>();

beforeAll(async () => {
  ({ stack, api } = await startTestStack({
    approvalTimeoutSeconds: 2,
    retryIntervalMs: 5,
    hooks: {
      before: (name) => {
        invocations.set(name, (invocations.get(name) ?? 0) + 1);
        const fault = faults.get(name)?.shift();
        if (fault) throw fault;
      },
    },
  }));
});

afterAll(async () => {
  await stack.close();
});

async function runUntilApproval(body: Record<string, unknown> = {}) {
  const started = await api.startRun({ goal, ...northwind, ...body });
  expect(started.status).toBe(202);
  const run = await api.waitForStatus(started.body.runId, ['AWAITING_APPROVAL', 'PARTIAL']);
  return { runId: started.body.runId as string, run };
}

const statuses = (run: { steps: { id: string; status: string }[] }) =>
  Object.fromEntries(run.steps.map((step) => [step.id, step.status]));

describe('a sales run', () => {
  it('plans, runs the tools, waits for approval and succeeds once approved', async () => {
    const { runId, run: waiting } = await runUntilApproval();

    expect(waiting.status).toBe('AWAITING_APPROVAL');
    expect(waiting.steps.map((s: { id: string }) => s.id)).toEqual(plannedSteps);
    expect(statuses(waiting)).toEqual({
      'score-account-fit': 'succeeded',
      'account-signals': 'succeeded',
      'draft-outreach': 'succeeded',
      'assess-message-quality': 'succeeded',
      'approve-draft-outreach': 'pending',
      'qualify-opportunity': 'pending',
      'assess-deal-risk': 'pending',
    });
    expect(waiting.approvalUrl).toMatch(
      new RegExp(`^${stack.apiUrl}/approvals/apr_[\\w-]{22}\\?exp=\\d+&sig=[\\w-]{43}$`),
    );

    const decided = await api.decide(waiting.approvalUrl, 'approve', 'Good fit, send it');
    expect(decided.status).toBe(200);
    expect(decided.body.decision).toBe('APPROVED');

    const done = await api.waitForStatus(runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);
    expect(done.status).toBe('SUCCEEDED');
    expect(Object.values(statuses(done))).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'approved',
      'succeeded',
      'succeeded',
    ]);
    const draft = done.steps.find((s: { id: string }) => s.id === 'draft-outreach');
    expect(draft.approval).toEqual({ approved: true, decidedAt: decided.body.decidedAt });
    expect(done.approvals).toEqual([
      expect.objectContaining({
        stepId: 'approve-draft-outreach',
        of: 'draft-outreach',
        decision: 'APPROVED',
        reason: 'Good fit, send it',
        decidedAt: decided.body.decidedAt,
      }),
    ]);
    // score 1, signals 1, draft 2, quality 1, qualify 2, risk 3.
    expect(done.budget).toEqual({ limit: 100, spent: 10, remaining: 90 });
    expect(done.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('ends PARTIAL when the draft is rejected, keeping the draft marked not approved', async () => {
    const { runId, run: waiting } = await runUntilApproval();

    const decided = await api.decide(waiting.approvalUrl, 'reject', 'Wrong contact');
    expect(decided.status).toBe(200);

    const done = await api.waitForStatus(runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);
    expect(done.status).toBe('PARTIAL');
    const draft = done.steps.find((s: { id: string }) => s.id === 'draft-outreach');
    expect(draft.status).toBe('succeeded');
    expect(typeof draft.output.body).toBe('string');
    expect(draft.approval).toEqual({
      approved: false,
      reason: 'rejected',
      decidedAt: decided.body.decidedAt,
    });
    expect(statuses(done)).toMatchObject({
      'approve-draft-outreach': 'rejected',
      'qualify-opportunity': 'skipped',
      'assess-deal-risk': 'skipped',
    });
    expect(done.steps.at(-1).reason).toBe('rejected');
    expect(done.approvals[0]).toMatchObject({ decision: 'REJECTED', reason: 'Wrong contact' });
  });

  it('ends PARTIAL when nobody decides in time, and refuses a late decision', async () => {
    const { runId, run: waiting } = await runUntilApproval();

    const done = await api.waitForStatus(runId, ['SUCCEEDED', 'PARTIAL', 'FAILED'], 10_000);
    expect(done.status).toBe('PARTIAL');
    const draft = done.steps.find((s: { id: string }) => s.id === 'draft-outreach');
    expect(draft.approval).toMatchObject({ approved: false, reason: 'approval_timed_out' });
    expect(statuses(done)).toMatchObject({
      'approve-draft-outreach': 'timed_out',
      'qualify-opportunity': 'skipped',
    });
    expect(done.approvals[0].decision).toBe('TIMED_OUT');

    // The link lives until its expiry second is over, a little past the run's wait.
    const expiry = Number(new URL(waiting.approvalUrl).searchParams.get('exp')) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiry - Date.now() + 20)));
    const late = await api.decide(waiting.approvalUrl, 'approve');
    expect(late.status).toBe(410);
    expect(late.body.error).toBe('link_expired');
  });

  it('skips the steps that do not fit the budget and ends PARTIAL', async () => {
    const started = await api.startRun({ goal, ...northwind, budget: 3 });
    const done = await api.waitForStatus(started.body.runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);

    expect(done.status).toBe('PARTIAL');
    expect(
      done.steps.map((s: { status: string; reason?: string }) => [s.status, s.reason]),
    ).toEqual([
      ['succeeded', undefined],
      ['succeeded', undefined],
      ['skipped', 'budget_exceeded'],
      ['skipped', 'budget_exceeded'],
      ['skipped', 'budget_exceeded'],
      ['skipped', 'budget_exceeded'],
      ['skipped', 'budget_exceeded'],
    ]);
    expect(done.budget).toEqual({ limit: 3, spent: 2, remaining: 1 });
    expect(done.approvals).toEqual([]);
  });

  it('retries a tool failing transiently, then ends PARTIAL keeping earlier results', async () => {
    const { runId, run: waiting } = await runUntilApproval();
    faults.set(
      'qualification',
      Array.from({ length: 4 }, () => new TransientError('CRM timed out')),
    );
    invocations.set('qualification', 0);

    await api.decide(waiting.approvalUrl, 'approve');
    const done = await api.waitForStatus(runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);

    expect(invocations.get('qualification')).toBe(4);
    expect(done.status).toBe('PARTIAL');
    expect(statuses(done)).toEqual({
      'score-account-fit': 'succeeded',
      'account-signals': 'succeeded',
      'draft-outreach': 'succeeded',
      'assess-message-quality': 'succeeded',
      'approve-draft-outreach': 'approved',
      'qualify-opportunity': 'failed',
      'assess-deal-risk': 'skipped',
    });
    const failed = done.steps.find((s: { id: string }) => s.id === 'qualify-opportunity');
    expect(failed.error).toEqual({
      class: 'dependency',
      name: 'TransientError',
      message: 'CRM timed out',
    });
    expect(done.error).toEqual(failed.error);
    expect(done.steps.at(-1).reason).toBe('run_stopped_after_failure');
  });

  it('does not retry a tool that fails for good, and classifies the failure', async () => {
    const broken = new Error('the model file is corrupt');
    faults.set('intelligence', [broken]);
    invocations.set('intelligence', 0);

    const started = await api.startRun({ goal, ...northwind });
    const done = await api.waitForStatus(started.body.runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);

    expect(invocations.get('intelligence')).toBe(1);
    expect(done.status).toBe('PARTIAL');
    expect(done.steps[0]).toMatchObject({
      id: 'score-account-fit',
      status: 'failed',
      error: { class: 'internal', name: 'Error', message: 'the model file is corrupt' },
    });
    expect(done.steps.slice(1).map((s: { status: string }) => s.status)).toEqual(
      Array(6).fill('skipped'),
    );
  });

  it('normalizes an account given as a CRM record first, and scores what that gives', async () => {
    const crmRecord = {
      Name: 'Globex Hardware',
      Industry: 'technolgy',
      AnnualRevenue: '$50,000,000',
      NumberOfEmployees: 320,
      BillingCountry: 'Philipines',
    };

    const started = await api.startRun({ goal: 'Prioritize this account', crmRecord });
    const done = await api.waitForStatus(started.body.runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);

    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps.map((s: { id: string }) => s.id)).toEqual([
      'normalize-account',
      'score-account-fit',
      'account-signals',
    ]);
    expect(done.account).toEqual({
      id: 'globex-hardware',
      name: 'Globex Hardware',
      sector: 'technology',
      revenueMillions: 50,
      employees: 320,
      country: 'Philippines',
    });
    const fit = done.steps[1].output.components;
    expect(fit.find((c: { criterion: string }) => c.criterion === 'revenue').value).toBe(50);
    expect(fit.find((c: { criterion: string }) => c.criterion === 'industry').value).toBe(
      'technology',
    );
  });
});
