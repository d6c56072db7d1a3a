import { createHmac } from 'node:crypto';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stepFunctionsClient } from '../../functions/commons/aws-clients.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';
import type { LocalStack } from '../../infra/local/stack.js';

/**
 * The approval link under attack: forged, tampered, expired, replayed and
 * raced. Each row decides nothing it should not, and says why.
 */

const signingKey = 'test-signing-key-of-at-least-thirty-two-characters';
const goal = 'Draft outreach and qualify the deal';

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  ({ stack, api } = await startTestStack({ signingKey, approvalTimeoutSeconds: 30 }));
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await stack.close();
});

function sign(approvalId: string, exp: number): string {
  return createHmac('sha256', signingKey).update(`${approvalId}.${exp}`).digest('base64url');
}

async function waitingRun() {
  const started = await api.startRun({ goal, ...northwind });
  const run = await api.waitForStatus(started.body.runId, ['AWAITING_APPROVAL']);
  const url = new URL(run.approvalUrl);
  return {
    runId: started.body.runId as string,
    url: run.approvalUrl as string,
    approvalId: url.pathname.split('/').pop() as string,
    exp: Number(url.searchParams.get('exp')),
    sig: url.searchParams.get('sig') as string,
  };
}

const approve = { decision: 'approve', reason: 'ok' };

describe('approval links', () => {
  it('show the proposal as JSON on GET, and deciding nothing', async () => {
    const link = await waitingRun();

    const first = await api.request('GET', link.url);
    const second = await api.request('GET', link.url);

    expect(first.status).toBe(200);
    expect(first.body.status).toBe('PENDING');
    expect(first.body.proposal.stepId).toBe('draft-outreach');
    expect(first.body.proposal.tool).toBe('draft-outreach');
    expect(first.body.account.name).toBe('Northwind Outfitters');
    expect(second.body.status).toBe('PENDING');
    expect((await api.getRun(link.runId)).body.status).toBe('AWAITING_APPROVAL');
  });

  it('never show the task token', async () => {
    const link = await waitingRun();
    const { findApproval } = await import('../../functions/commons/approval-store.js');
    const { taskToken } = (await findApproval(link.approvalId))!;

    const answers = [
      await api.request('GET', link.url),
      await api.getRun(link.runId),
      await api.request('GET', '/runs'),
    ];

    expect(taskToken.length).toBe(64);
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(taskToken);
  });

  const tampered: [string, (l: Awaited<ReturnType<typeof waitingRun>>) => string][] = [
    ['a forged signature', (l) => `/approvals/${l.approvalId}?exp=${l.exp}&sig=${'A'.repeat(43)}`],
    ['a later expiry', (l) => `/approvals/${l.approvalId}?exp=${l.exp + 3600}&sig=${l.sig}`],
    ['another approval id', (l) => `/approvals/apr_${'B'.repeat(22)}?exp=${l.exp}&sig=${l.sig}`],
    ['no signature', (l) => `/approvals/${l.approvalId}?exp=${l.exp}`],
    ['no expiry', (l) => `/approvals/${l.approvalId}?sig=${l.sig}`],
    [
      'a signature of another length',
      (l) => `/approvals/${l.approvalId}?exp=${l.exp}&sig=${l.sig}A`,
    ],
  ];

  it.each(tampered)('refuse %s with 403, on GET and POST', async (_, tamper) => {
    const link = await waitingRun();
    const path = tamper(link);

    const shown = await api.request('GET', path);
    const decided = await api.request('POST', path, approve);

    expect([shown.status, shown.body.error]).toEqual([403, 'invalid_signature']);
    expect([decided.status, decided.body.error]).toEqual([403, 'invalid_signature']);
    expect((await api.request('GET', link.url)).body.status).toBe('PENDING');
  });

  it('refuse an expired link with 410, even when its signature is right', async () => {
    const link = await waitingRun();
    const past = Math.floor(Date.now() / 1000) - 60;
    const path = `/approvals/${link.approvalId}?exp=${past}&sig=${sign(link.approvalId, past)}`;

    const decided = await api.request('POST', path, approve);

    expect([decided.status, decided.body.error]).toEqual([410, 'link_expired']);
    expect((await api.request('GET', link.url)).body.status).toBe('PENDING');
  });

  it('refuse a decision that is neither approve nor reject, naming the field', async () => {
    const link = await waitingRun();

    const decided = await api.request('POST', link.url, { decision: 'maybe' });
    const long = await api.request('POST', link.url, {
      decision: 'reject',
      reason: 'r'.repeat(1001),
    });

    expect(decided.status).toBe(400);
    expect(decided.body.fields.map((f: { field: string }) => f.field)).toEqual(['decision']);
    expect(long.body.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    expect((await api.request('GET', link.url)).body.status).toBe('PENDING');
  });

  it('refuse a form that gives the decision twice, deciding nothing', async () => {
    const link = await waitingRun();

    const answer = await fetch(link.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'decision=approve&decision=reject',
    });

    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { fields: unknown }).fields).toEqual([
      { field: 'decision', problem: 'given more than once' },
    ]);
    expect((await api.request('GET', link.url)).body.status).toBe('PENDING');
  });

  it('answer a browser with a page, not JSON, when its link has expired', async () => {
    const link = await waitingRun();
    const past = Math.floor(Date.now() / 1000) - 60;

    const page = await fetch(
      `${stack.apiUrl}/approvals/${link.approvalId}?exp=${past}&sig=${sign(link.approvalId, past)}`,
      { headers: { accept: 'text/html' } },
    );

    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<p>this approval link has expired.</p>');
  });

  it('let exactly one of two simultaneous decisions win', async () => {
    const link = await waitingRun();

    const answers = await Promise.all([
      api.request('POST', link.url, { decision: 'approve', reason: 'first' }),
      api.request('POST', link.url, { decision: 'reject', reason: 'second' }),
    ]);

    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body).toEqual({
      error: 'already_decided',
      message: 'this approval was decided already',
      decision: winner.body.decision,
      decidedAt: winner.body.decidedAt,
      reason: winner.body.reason,
    });
  });

  it('refuse a second decision with 409 and the earlier decision', async () => {
    const link = await waitingRun();
    const first = await api.request('POST', link.url, { decision: 'reject', reason: 'not now' });

    const again = await api.request('POST', link.url, approve);

    expect(first.status).toBe(200);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      decision: 'REJECTED',
      decidedAt: first.body.decidedAt,
      reason: 'not now',
    });
    const run = await api.waitForStatus(link.runId, ['PARTIAL']);
    expect(run.approvals[0].decision).toBe('REJECTED');
  });

  it('refuse with 410 a decision for a run whose workflow no longer waits', async () => {
    const link = await waitingRun();
    const execution = stack.stepFunctions.listExecutions().find((e) => e.name === link.runId)!;
    stack.stepFunctions.stopExecution(execution.executionArn);
    await execution.done;

    const decided = await api.request('POST', link.url, approve);
    const run = (await api.getRun(link.runId)).body;

    expect([decided.status, decided.body.error]).toEqual([410, 'approval_timed_out']);
    expect(run.approvals.map((a: { decision: string }) => a.decision)).toEqual(['TIMED_OUT']);
    const step = run.steps.find((s: { id: string }) => s.id === 'approve-draft-outreach');
    expect([step.status, step.reason]).toEqual(['timed_out', 'approval_timed_out']);
  });

  it('fail the approval task at once when the decision cannot be delivered', async () => {
    const link = await waitingRun();
    const sfn = stepFunctionsClient();
    const send = sfn.send.bind(sfn);
    vi.spyOn(sfn, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof SendTaskSuccessCommand) {
        return Promise.reject(
          Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' }),
        );
      }
      return send(command as never);
    }) as never);

    const decided = await api.request('POST', link.url, approve);
    const run = await api.waitForStatus(link.runId, ['PARTIAL', 'FAILED', 'SUCCEEDED'], 5_000);

    expect([decided.status, decided.body.error]).toEqual([502, 'workflow_unavailable']);
    expect(run.status).toBe('PARTIAL');
    const step = run.steps.find((s: { id: string }) => s.id === 'approve-draft-outreach');
    expect(step.status).toBe('failed');
    expect(step.error).toEqual({
      class: 'internal',
      name: 'ApprovalFailed',
      message: 'the decision could not be delivered',
    });
  });
});
