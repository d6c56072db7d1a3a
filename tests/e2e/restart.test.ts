import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCrmData } from '../../functions/commons/crm-store.js';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import { failCampaignsLostInRestart, failRunsLostInRestart } from '../../infra/local/reconcile.js';
import { waitForDrafts } from '../support/campaigns.js';
import { northwind, startTestStack } from '../support/local-stack.js';

/**
 * A local stack restarted on the same data directory: the runs whose
 * executions died with the old process end FAILED, their links say so, and
 * finished runs stay as they were.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'cugar-restart-'));
const signingKey = 'restart-test-signing-key-of-enough-length';
const sampleDir = fileURLToPath(new URL('../../infra/local/sample-crm', import.meta.url));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a restarted local stack', () => {
  it('fails the runs it lost, refuses their links with 410, and keeps finished runs', async () => {
    const first = await startTestStack({ dataDir, signingKey });
    const finished = await first.api.startRun({ goal: 'Prioritize this account', ...northwind });
    await first.api.waitForStatus(finished.body.runId, ['SUCCEEDED']);
    const waiting = await first.api.startRun({ goal: 'Draft outreach', ...northwind });
    const before = await first.api.waitForStatus(waiting.body.runId, ['AWAITING_APPROVAL']);
    await first.stack.close();

    const second = await startTestStack({ dataDir, signingKey });
    const failed = await failRunsLostInRestart();
    const lost = (await second.api.getRun(waiting.body.runId)).body;
    const kept = (await second.api.getRun(finished.body.runId)).body;
    const link = new URL(before.approvalUrl);
    const late = await second.api.decide(`${link.pathname}${link.search}`, 'approve');
    await second.stack.close();

    expect(failed).toBe(1);
    expect(lost.status).toBe('FAILED');
    expect(lost.error).toEqual({
      class: 'internal',
      name: 'ExecutionLost',
      message: 'the local stack stopped while this run was in flight; start the run again',
    });
    expect(lost.approvals.map((a: { decision: string }) => a.decision)).toEqual(['TIMED_OUT']);
    expect(lost.approvalUrl).toBeUndefined();
    expect(late.status).toBe(410);
    expect(late.body.decision).toBe('TIMED_OUT');
    expect(kept.status).toBe('SUCCEEDED');
  });

  it('fails a campaign whose drafts were waiting when it stopped', async () => {
    const first = await startTestStack({ dataDir, signingKey });
    await writeCrmData((await importCrmExport(sampleDir)).data);
    const started = await first.api.request('POST', '/campaigns', {
      goal: 'Draft outreach for the best fit',
      selection: { accountIds: ['northwind-outfitters'] },
      draftTop: 1,
    });
    await waitForDrafts(first.api, started.body.campaignId, 1);
    await first.stack.close();

    const second = await startTestStack({ dataDir, signingKey });
    const failed = await failCampaignsLostInRestart();
    const campaign = await second.api.request('GET', `/campaigns/${started.body.campaignId}`);
    await second.stack.close();

    expect(failed).toBe(1);
    expect(campaign.body.status).toBe('FAILED');
    expect(campaign.body.error).toEqual({
      name: 'ExecutionLost',
      message: 'the local stack stopped while this campaign was in flight; start it again',
    });
  });
});
