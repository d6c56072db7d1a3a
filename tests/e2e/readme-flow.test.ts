import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/local-stack.js';

/**
 * The README's walkthrough, as a new user would do it: `npm start`, paste the
 * printed request, open the approval link, approve in the page's form.
 */

let child: ChildProcess;
let output = '';
let dataDir: string;

async function waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cugar-e2e-'));
  const env = { ...process.env };
  delete env.CUGAR_API_TOKEN;
  child = spawn('npm', ['start', '--', '--port', '0', '--data-dir', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput(/Ctrl-C stops the stack/);
});

afterAll(() => {
  // npm runs the stack in a process group of its own; stop all of it.
  if (child.pid) process.kill(-child.pid, 'SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the README walkthrough', () => {
  it('starts a run, waits for approval, approves from the page and succeeds', async () => {
    const [, apiUrl] = await waitForOutput(/API {10}(http:\/\/127\.0\.0\.1:\d+)/);
    const [, token] = await waitForOutput(/export CUGAR_API_TOKEN=(\S+)/);
    const [, example] = await waitForOutput(/-d '(\{.*\})'/);
    const api = new ApiClient(apiUrl as string, token);

    const started = await api.startRun(example as string);
    expect(started.status).toBe(202);
    expect(started.body).toEqual({
      runId: expect.stringMatching(/^run_[0-9a-f-]{36}$/),
      traceId: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      status: 'PLANNING',
      statusUrl: `${apiUrl}/runs/${started.body.runId}`,
    });

    const waiting = await api.waitForStatus(started.body.runId, ['AWAITING_APPROVAL']);
    const [, printedUrl] = await waitForOutput(/Approval needed: open (\S+)/);
    expect(waiting.approvalUrl).toBe(printedUrl);

    const page = await fetch(waiting.approvalUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<button type="submit" name="decision" value="approve"');
    expect(html).toContain('<button type="submit" name="decision" value="reject"');
    expect(html).toContain('<textarea id="reason" name="reason"');
    expect(html).toContain('Northwind Outfitters');
    const draft = waiting.steps.find((s: { id: string }) => s.id === 'draft-outreach');
    expect(html).toContain(draft.output.subject);
    expect((await api.getRun(started.body.runId)).body.status).toBe('AWAITING_APPROVAL');

    const form = await fetch(waiting.approvalUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'approve', reason: 'Send it today' }),
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<h1>Approved</h1>');

    const done = await api.waitForStatus(started.body.runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.traceId).toBe(started.body.traceId);
    expect(done.account.id).toBe('northwind-outfitters');
    expect(done.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual([
      'score-account-fit:succeeded',
      'account-signals:succeeded',
      'draft-outreach:succeeded',
      'assess-message-quality:succeeded',
      'approve-draft-outreach:approved',
      'qualify-opportunity:succeeded',
      'assess-deal-risk:succeeded',
    ]);
    expect(done.approvals).toEqual([
      {
        approvalId: expect.stringMatching(/^apr_/),
        stepId: 'approve-draft-outreach',
        of: 'draft-outreach',
        decision: 'APPROVED',
        requestedAt: expect.any(String),
        expiresAt: expect.any(String),
        decidedAt: expect.any(String),
        reason: 'Send it today',
      },
    ]);
    expect(done.budget.spent).toBe(done.budget.limit - done.budget.remaining);
  });

  it('refuses run requests without the printed token', async () => {
    const [, apiUrl] = await waitForOutput(/API {10}(http:\/\/127\.0\.0\.1:\d+)/);

    const answer = await new ApiClient(apiUrl as string).startRun({ goal: 'Draft outreach' });

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: 'unauthorized',
      message: 'send Authorization: Bearer <token>',
    });
  });
});
