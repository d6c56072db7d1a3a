import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCrmData } from '../../functions/commons/crm-store.js';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { startTestStack, type ApiClient } from '../support/local-stack.js';

/**
 * Every tool inside sales runs on the local stack, over the published CRM
 * data set imported as a user would import it. Expected figures come from
 * the raw CSV lines, not from the import.
 */

const dataDir = fileURLToPath(
  new URL('../../../shared/data/crm-sales-opportunities', import.meta.url),
);
const csv = (file: string) => {
  const [head, ...lines] = readFileSync(`${dataDir}/${file}`, 'utf8').trim().split(/\r?\n/);
  const columns = (head ?? '').split(',');
  return lines.map((line) =>
    Object.fromEntries(columns.map((c, i) => [c, line.split(',')[i] ?? ''])),
  );
};
const pipeline = csv('sales_pipeline.csv');

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  ({ stack, api } = await startTestStack({ approvalTimeoutSeconds: 60 }));
  const { data } = await importCrmExport(dataDir);
  await writeCrmData(data);
});

afterAll(async () => {
  await stack.close();
});

async function approveAll(runId: string) {
  for (;;) {
    const run = await api.waitForStatus(
      runId,
      ['AWAITING_APPROVAL', 'SUCCEEDED', 'PARTIAL', 'FAILED'],
      30_000,
    );
    if (run.status !== 'AWAITING_APPROVAL') return run;
    const decided = await api.decide(run.approvalUrl, 'approve', 'reviewed');
    expect(decided.status).toBe(200);
    await api.waitForStatus(runId, ['RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'], 30_000);
  }
}

describe('sales runs on the real CRM data', () => {
  it('run every tool for Codehow, with both proposals approved', async () => {
    const goal =
      'Prioritize this account, learn from win/loss patterns, draft outreach, qualify the deal, ' +
      'check territory capacity and reassign this account to Moses Frase';

    const started = await api.startRun({
      goal,
      accountId: 'Codehow',
      profile: 'manager',
      contact: { name: 'Avery Chen', email: 'avery.chen@codehow.example', title: 'CTO' },
      evidence: { budget: 'Budget approved for Q3', champion: 'Avery Chen', competition: 'none' },
    });
    expect(started.status).toBe(202);
    const done = await approveAll(started.body.runId);

    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual([
      'score-account-fit:succeeded',
      'account-signals:succeeded',
      'win-loss-patterns:succeeded',
      'draft-outreach:succeeded',
      'assess-message-quality:succeeded',
      'approve-draft-outreach:approved',
      'qualify-opportunity:succeeded',
      'assess-deal-risk:succeeded',
      'assess-capacity:succeeded',
      'simulate-territory-change:succeeded',
      'approve-simulate-territory-change:approved',
    ]);
    const output = (id: string) => done.steps.find((s: { id: string }) => s.id === id).output;

    const codehow = pipeline.filter((r) => r.account === 'Codehow');
    const open = codehow.filter(
      (r) => r.deal_stage === 'Prospecting' || r.deal_stage === 'Engaging',
    );
    const won = codehow.filter((r) => r.deal_stage === 'Won');
    const signals = output('account-signals');
    expect(signals.openDealsByStage.Prospecting + signals.openDealsByStage.Engaging).toBe(
      open.length,
    );
    expect(signals.won).toEqual({
      count: won.length,
      value: won.reduce((sum, r) => sum + Number(r.close_value), 0),
    });
    expect(signals.parent).toEqual({ id: 'acme-corporation', name: 'Acme Corporation' });

    const closed = pipeline.filter((r) => r.deal_stage === 'Won' || r.deal_stage === 'Lost');
    const allWon = closed.filter((r) => r.deal_stage === 'Won').length;
    expect(output('win-loss-patterns').overall.closed).toBe(closed.length);
    // The tool states rates to three decimals.
    expect(output('win-loss-patterns').overall.winRate).toBe(
      Math.round((allWon / closed.length) * 1000) / 1000,
    );

    expect(output('assess-deal-risk').openDeals.length).toBe(open.length);
    expect(output('simulate-territory-change').proposal.requiresApproval).toBe(true);
    expect(output('draft-outreach').body).toContain('Codehow');
  });

  it('normalize an account row exactly as the CSV export has it', async () => {
    const row = csv('accounts.csv').find((r) => r.account === 'Acme Corporation')!;

    const started = await api.startRun({ goal: 'Prioritize this account', crmRecord: row });
    const done = await api.waitForStatus(started.body.runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);

    expect(done.status).toBe('SUCCEEDED');
    expect(done.account).toMatchObject({
      id: 'acme-corporation',
      name: 'Acme Corporation',
      sector: 'technology',
      revenueMillions: 1100.04,
      employees: 2822,
      country: 'United States',
    });
    const normalized = done.steps.find((s: { id: string }) => s.id === 'normalize-account').output;
    expect(normalized.transformations).toContainEqual(
      expect.objectContaining({ field: 'sector', from: 'technolgy', to: 'technology' }),
    );
  });
});
