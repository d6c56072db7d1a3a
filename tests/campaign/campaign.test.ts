import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCrmData } from '../../functions/commons/crm-store.js';
import { findRun } from '../../functions/commons/run-store.js';
import { accountIdFromName } from '../../functions/commons/sales-model.js';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import type { LocalStack } from '../../infra/local/stack.js';
import {
  campaignFigures,
  officeAccountNames,
  waitForCampaign,
  waitForDrafts,
} from '../support/campaigns.js';
import { startTestStack, type ApiClient } from '../support/local-stack.js';

/**
 * Campaigns on the fictional sample CRM, on the local stack: the campaign
 * workflow, its child sales runs, the shared budget and bulk decisions.
 */

const sampleDir = fileURLToPath(new URL('../../infra/local/sample-crm', import.meta.url));
const goal = 'Score every account, qualify the open deals, draft outreach for the best fits';
const finished = ['SUCCEEDED', 'PARTIAL', 'FAILED'];

let stack: LocalStack;
let api: ApiClient;
/** Accounts whose child runs cannot finish: their Finalize always fails. */
const brokenAccounts = new Set<string>();

beforeAll(async () => {
  ({ stack, api } = await startTestStack({
    approvalTimeoutSeconds: 60,
    retryIntervalMs: 1,
    hooks: {
      before: async (name, event) => {
        if (name !== 'finalize' || brokenAccounts.size === 0) return;
        const run = await findRun((event as { runId: string }).runId);
        if (run && brokenAccounts.has(run.account.id)) throw new Error('finalize is down');
      },
    },
  }));
  await writeCrmData((await importCrmExport(sampleDir)).data);
});

afterAll(async () => {
  await stack.close();
});

const names = (list: { name: string }[]) => list.map((item) => item.name).sort();

describe('a campaign over an office', () => {
  it('works each account of the office once, drafts for the best, decides in bulk', async () => {
    // Prepare
    const office = officeAccountNames(sampleDir, 'Central');

    // Act
    const started = await api.request('POST', '/campaigns', {
      goal,
      selection: { regionalOffice: 'Central' },
      draftTop: 2,
      contact: { name: 'Dana Reyes', title: 'VP Operations' },
    });
    const waiting = await waitForDrafts(api, started.body.campaignId, 2);

    // Assess: every account of the office exactly once, ranked by its run's score
    expect(started.status).toBe(202);
    expect(started.body.statusUrl).toBe(`${stack.apiUrl}/campaigns/${started.body.campaignId}`);
    expect(office.length).toBeGreaterThan(2);
    expect(waiting.counts).toMatchObject({ accounts: office.length, scored: office.length });
    expect(names(waiting.ranked)).toEqual(office);
    expect([...waiting.skipped, ...waiting.failures]).toEqual([]);
    for (const ranked of waiting.ranked) {
      const run = await api.getRun(ranked.runId);
      const fit = run.body.steps.find((s: { id: string }) => s.id === 'score-account-fit');
      expect([run.body.status, fit.output.score]).toEqual(['SUCCEEDED', ranked.score]);
    }
    const scores = waiting.ranked.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(waiting.drafts.map((d: { accountId: string }) => d.accountId)).toEqual(
      waiting.ranked.slice(0, 2).map((r: { accountId: string }) => r.accountId),
    );

    // Act: approve the best fit's draft, reject the other's, in one request
    const [best, second] = waiting.drafts;
    const decided = await api.request('POST', `/campaigns/${started.body.campaignId}/decisions`, {
      decisions: [
        { approvalId: best.approvalId, decision: 'approve', reason: 'Send it' },
        { approvalId: second.approvalId, decision: 'reject', reason: 'Wrong contact' },
      ],
    });
    const again = await api.request('POST', `/campaigns/${started.body.campaignId}/decisions`, {
      decisions: [{ approvalId: best.approvalId, decision: 'reject' }],
    });
    const done = await waitForCampaign(api, started.body.campaignId, finished);

    // Assess: exactly those decisions, each once
    expect(decided.body).toMatchObject({ decided: 2, refused: 0 });
    expect(decided.body.results.map((r: { decision: string }) => r.decision)).toEqual([
      'APPROVED',
      'REJECTED',
    ]);
    expect(again.body.results).toEqual([
      expect.objectContaining({ status: 409, error: 'already_decided', decision: 'APPROVED' }),
    ]);
    expect(done.status).toBe('SUCCEEDED');
    expect(
      done.drafts.map((d: { status: string; reason: string }) => [d.status, d.reason]),
    ).toEqual([
      ['approved', 'Send it'],
      ['rejected', 'Wrong contact'],
    ]);
    expect((await api.getRun(best.runId)).body.status).toBe('SUCCEEDED');
    expect((await api.getRun(second.runId)).body.status).toBe('PARTIAL');
    const figures = campaignFigures(stack, started.body.campaignId, [
      ...done.ranked.map((r: { runId: string }) => r.runId),
      best.runId,
      second.runId,
    ]);
    expect(figures.executions).toBe(1 + office.length + 2);
  });

  it('shows the campaign page with a checkbox per waiting draft', async () => {
    // Prepare
    const started = await api.request('POST', '/campaigns', {
      goal,
      selection: { accountIds: ['Northwind Outfitters'] },
      draftTop: 1,
    });
    const waiting = await waitForDrafts(api, started.body.campaignId, 1);

    // Act
    const page = await api.request('GET', `/campaigns/${started.body.campaignId}`, undefined, {
      accept: 'text/html',
    });
    const form = await api.request(
      'POST',
      `/campaigns/${started.body.campaignId}/decisions`,
      `approvalId=${waiting.drafts[0].approvalId}&decision=approve&reason=Fine`,
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    const done = await waitForCampaign(api, started.body.campaignId, finished);

    // Assess
    expect(page.status).toBe(200);
    expect(page.body).toContain(`name="approvalId" value="${waiting.drafts[0].approvalId}"`);
    expect(page.body).toContain(`action="${started.body.campaignId}/decisions"`);
    expect(form.status).toBe(200);
    expect(done.drafts[0]).toMatchObject({ status: 'approved', reason: 'Fine' });
  });
});

describe('a campaign that meets trouble', () => {
  it('records one account failure and leaves the other accounts intact', async () => {
    // Prepare
    const chosen = ['Northwind Outfitters', 'Quillby Systems', 'Halcyon Telecom'];
    brokenAccounts.add(accountIdFromName('Quillby Systems'));

    // Act
    const started = await api.request('POST', '/campaigns', {
      goal,
      selection: { accountIds: chosen },
      draftTop: 0,
    });
    const done = await waitForCampaign(api, started.body.campaignId, finished);
    brokenAccounts.clear();

    // Assess
    expect(done.status).toBe('PARTIAL');
    expect(names(done.ranked)).toEqual(['Halcyon Telecom', 'Northwind Outfitters']);
    expect(done.failures).toEqual([
      expect.objectContaining({
        accountId: 'quillby-systems',
        phase: 'score',
        error: { name: 'States.TaskFailed', message: 'finalize is down' },
      }),
    ]);
    expect(done.counts).toMatchObject({ accounts: 3, scored: 2, failed: 1, skipped: 0 });
  });

  it('stops at the first account the budget cannot pay for and names the rest', async () => {
    // Prepare: the cost of one score run, from a run of it
    const chosen = [
      'Northwind Outfitters',
      'Larkspur Holdings',
      'Tidewater Medica',
      'Ferncliff Clinics',
    ];
    const probe = await api.request('POST', '/campaigns', {
      goal,
      selection: { accountIds: [chosen[0]] },
      draftTop: 0,
    });
    const probed = await waitForCampaign(api, probe.body.campaignId, finished);
    const probeRun = await api.getRun(probed.ranked[0].runId);
    const perRun = probeRun.body.budget.spent;
    const budget = 2 * perRun + perRun - 1;

    // Act: one account at a time, so they are worked in the order given
    const started = await api.request('POST', '/campaigns', {
      goal,
      selection: { accountIds: chosen },
      draftTop: 0,
      budget,
      concurrency: 1,
    });
    const done = await waitForCampaign(api, started.body.campaignId, finished);

    // Assess
    expect(perRun).toBe(7);
    expect(done.status).toBe('PARTIAL');
    expect(names(done.ranked)).toEqual(['Larkspur Holdings', 'Northwind Outfitters']);
    expect(done.skipped.map((s: { name: string; reason: string }) => [s.name, s.reason])).toEqual([
      ['Tidewater Medica', 'budget_exhausted'],
      ['Ferncliff Clinics', 'budget_exhausted'],
    ]);
    expect(done.skipped.every((s: { runId?: string }) => s.runId === undefined)).toBe(true);
    expect(done.budget).toEqual({ limit: budget, spent: 2 * perRun, remaining: perRun - 1 });
  });

  it('starts only the runs the budget can finish when accounts run side by side', async () => {
    // Prepare: room for two score runs of seven units, and six units more
    const chosen = [
      'Northwind Outfitters',
      'Larkspur Holdings',
      'Tidewater Medica',
      'Ferncliff Clinics',
    ];

    // Act: all four at once
    const started = await api.request('POST', '/campaigns', {
      goal,
      selection: { accountIds: chosen },
      draftTop: 0,
      budget: 20,
      concurrency: 4,
    });
    const done = await waitForCampaign(api, started.body.campaignId, finished);

    // Assess: two scored, two skipped before any run started, nothing half-done
    expect(done.ranked.length).toBe(2);
    expect(done.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      'budget_exhausted',
      'budget_exhausted',
    ]);
    expect(done.skipped.every((s: { runId?: string }) => s.runId === undefined)).toBe(true);
    expect(done.budget).toEqual({ limit: 20, spent: 14, remaining: 6 });
  });
});

describe('POST /campaigns', () => {
  it.each([
    [{ goal, selection: { regionalOffice: 'Central', sector: 'retail' } }, 'selection'],
    [{ goal, selection: { regionalOffice: 'Atlantis' } }, 'selection.regionalOffice'],
    [{ goal, selection: { salesAgent: 'Nobody Here' } }, 'selection.salesAgent'],
    [{ goal, selection: { accountIds: ['no-such-account'] } }, 'selection.accountIds'],
    [{ goal, selection: { sector: 'retail' }, concurrency: 21 }, 'concurrency'],
    [{ goal, selection: { sector: 'retail' }, draftTop: -1 }, 'draftTop'],
    [{ goal, selection: { sector: 'retail' }, colour: 'red' }, 'colour'],
    [{ selection: { sector: 'retail' } }, 'goal'],
  ])('refuses %j naming %s', async (body, field) => {
    // Act
    const answer = await api.request('POST', '/campaigns', body);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });
});
