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
 * "Score every account of the Central office, qualify the open deals, draft
 * outreach for the ten best fits", on the published CRM data set imported
 * into the local stack. The office's accounts are worked out from the raw
 * CSVs here, not by the product.
 */

const dataDir = fileURLToPath(
  new URL('../../../shared/data/crm-sales-opportunities', import.meta.url),
);
const goal =
  'Score every account of the Central office, qualify the open deals, ' +
  'draft outreach for the ten best fits';
const finished = ['SUCCEEDED', 'PARTIAL', 'FAILED'];
const minutes = (n: number) => n * 60_000;

let stack: LocalStack;
let api: ApiClient;
const central = officeAccountNames(dataDir, 'Central');
/** The account whose child run is made to fail: its Finalize never succeeds. */
const broken = central[3] as string;

beforeAll(async () => {
  ({ stack, api } = await startTestStack({
    approvalTimeoutSeconds: 600,
    retryIntervalMs: 1,
    hooks: {
      before: async (name, event) => {
        if (name !== 'finalize') return;
        const run = await findRun((event as { runId: string }).runId);
        if (run?.campaignId && run.account.id === accountIdFromName(broken)) {
          throw new Error('finalize is down');
        }
      },
    },
  }));
  await writeCrmData((await importCrmExport(dataDir)).data);
}, minutes(5));

afterAll(async () => {
  await stack.close();
});

const names = (list: { name: string }[]) => list.map((item) => item.name).sort();

describe('a campaign over the Central office of the real data set', () => {
  it(
    'works each account once, survives one failure and takes bulk decisions',
    async () => {
      // Act
      const started = await api.request('POST', '/campaigns', {
        goal,
        selection: { regionalOffice: 'Central' },
        draftTop: 10,
        concurrency: 5,
        contact: { name: 'Jordan Lee', title: 'Head of IT' },
      });
      const waiting = await waitForDrafts(api, started.body.campaignId, 10, minutes(8));

      // Assess: every account of the office exactly once; only the broken one failed
      expect(started.status).toBe(202);
      expect(central.length).toBe(28);
      const seen = [...waiting.ranked, ...waiting.skipped, ...waiting.failures];
      expect(names(seen)).toEqual(central);
      expect(waiting.failures).toEqual([
        expect.objectContaining({
          name: broken,
          phase: 'score',
          error: { name: 'States.TaskFailed', message: 'finalize is down' },
        }),
      ]);
      expect(waiting.ranked).toHaveLength(central.length - 1);
      expect(waiting.skipped).toEqual([]);
      const scores = waiting.ranked.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(waiting.drafts.map((d: { accountId: string }) => d.accountId)).toEqual(
        waiting.ranked.slice(0, 10).map((r: { accountId: string }) => r.accountId),
      );

      // Act: approve the odd places, reject the even ones, in one request
      const decisions = waiting.drafts.map((d: { approvalId: string }, i: number) => ({
        approvalId: d.approvalId,
        decision: i % 2 === 0 ? 'approve' : 'reject',
      }));
      const decided = await api.request('POST', `/campaigns/${started.body.campaignId}/decisions`, {
        decisions,
      });
      const done = await waitForCampaign(api, started.body.campaignId, finished, minutes(3));

      // Assess: exactly those decisions
      expect(decided.body).toMatchObject({ decided: 10, refused: 0 });
      expect(done.status).toBe('PARTIAL');
      expect(done.drafts.map((d: { status: string }) => d.status)).toEqual(
        decisions.map((d: { decision: string }) =>
          d.decision === 'approve' ? 'approved' : 'rejected',
        ),
      );
      expect(done.counts.drafts).toMatchObject({ approved: 5, rejected: 5, waiting: 0 });

      const runIds = [
        ...done.ranked.map((r: { runId: string }) => r.runId),
        ...done.failures.map((f: { runId: string }) => f.runId),
        ...done.drafts.map((d: { runId: string }) => d.runId),
      ];
      const figures = campaignFigures(stack, started.body.campaignId, runIds);
      expect(figures.executions).toBe(1 + central.length + 10);
      process.stdout.write(
        `campaign over Central: ${central.length} accounts, ${figures.executions} executions, ` +
          `${figures.stateTransitions} states entered (${figures.parentTransitions} in the ` +
          `campaign's own history), wall time ${figures.wallTimeMs} ms (includes the time ` +
          'the drafts waited for the decisions)\n',
      );
    },
    minutes(12),
  );

  it(
    'stops at the account the budget cannot pay for',
    async () => {
      // Prepare: six accounts of the office, one at a time, a budget for three runs and a bit
      const chosen = central.filter((name) => name !== broken).slice(0, 6);
      const perRun = 7;
      const budget = 3 * perRun + 4;

      // Act
      const started = await api.request('POST', '/campaigns', {
        goal,
        selection: { accountIds: chosen },
        draftTop: 0,
        budget,
        concurrency: 1,
      });
      const done = await waitForCampaign(api, started.body.campaignId, finished, minutes(3));

      // Assess: the per-run cost is what the runs spent; the fourth account is where it stops
      const spent = await Promise.all(
        done.ranked.map(
          async (r: { runId: string }) => (await api.getRun(r.runId)).body.budget.spent,
        ),
      );
      expect(spent).toEqual([perRun, perRun, perRun]);
      expect(names(done.ranked)).toEqual(chosen.slice(0, 3).sort());
      expect(done.skipped.map((s: { name: string; reason: string }) => [s.name, s.reason])).toEqual(
        chosen.slice(3).map((name) => [name, 'budget_exhausted']),
      );
      expect(done.budget).toEqual({ limit: budget, spent: 3 * perRun, remaining: 4 });
    },
    minutes(4),
  );
});
