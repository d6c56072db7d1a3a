import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failRunsLostInRestart } from '../../infra/local/reconcile.js';
import { northwind, startTestStack } from '../support/local-stack.js';

/**
 * A local stack restarted on the same data directory: the runs whose
 * executions died with the old process end FAILED, their links say so, and
 * finished runs stay as they were.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'cugar-restart-'));
const signingKey = 'restart-test-signing-key-of-enough-length';

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
});
