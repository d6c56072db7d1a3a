import { request } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';

/**
 * The local dashboard at `GET /`, in headless Chromium as a person uses it:
 * a run waits, its approval is listed with a reason field, Approve on the
 * page decides it through the signed link, and the page then shows the run
 * SUCCEEDED. Debian's chromium is driven by playwright-core; .ci/run
 * installs it.
 */

const goal = 'Prioritize this account, draft outreach and qualify the deal';
const apiToken = 'dashboard-test-token';

let stack: LocalStack;
let api: ApiClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ stack, api } = await startTestStack({ apiToken }));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterEach(async () => {
  await page.close();
});

async function startWaitingRun(body: Record<string, unknown> = {}) {
  const started = await api.startRun({ goal, ...northwind, ...body });
  expect(started.status).toBe(202);
  const waiting = await api.waitForStatus(started.body.runId, ['AWAITING_APPROVAL']);
  return { runId: started.body.runId as string, waiting };
}

/** The text of the first match of `selector`, trimmed; '' when there is none. */
async function textOf(selector: string): Promise<string> {
  const element = page.locator(selector).first();
  return (await element.count()) ? ((await element.textContent()) ?? '').trim() : '';
}

describe('the local dashboard', () => {
  it('approves a waiting run from the page and then shows it SUCCEEDED', async () => {
    const { runId, waiting } = await startWaitingRun();
    const approvalUrl = new URL(waiting.approvalUrl as string);
    const approvalId = waiting.approvals[0].approvalId as string;
    const card = `article.approval[data-approval-id="${approvalId}"]`;
    const row = `tr[data-run-id="${runId}"]`;
    const reason = 'Fits the profile; send it this week';

    const response = await page.goto(`${stack.apiUrl}/`);

    expect(response?.status()).toBe(200);
    expect(await textOf(`${row} .status`)).toBe('AWAITING_APPROVAL');
    expect(await textOf(`${card} h3`)).toBe('Northwind Outfitters');
    expect(await page.locator(`${card} form`).getAttribute('action')).toBe(
      `${approvalUrl.pathname}${approvalUrl.search}`,
    );
    expect(await textOf('#approvals-title')).toBe('Waiting for approval (1)');

    await page.locator(`${card} textarea[name="reason"]`).fill(reason);
    await page.locator(card).getByRole('button', { name: 'Approve' }).click();

    await expect
      .poll(() => textOf(`${row} .status`), { timeout: 20_000, interval: 250 })
      .toBe('SUCCEEDED');
    expect(await textOf('#flash')).toBe(`Approved run ${runId}.`);
    expect(await page.locator(card).count()).toBe(0);
    expect(await textOf('#approvals-title')).toBe('Waiting for approval (0)');
    const run = await api.getRun(runId);
    expect(run.body.status).toBe('SUCCEEDED');
    expect(run.body.approvals).toEqual([
      expect.objectContaining({ approvalId, decision: 'APPROVED', reason }),
    ]);
  });

  it('shows the golden signals of the runs it has read', async () => {
    const rejected = await startWaitingRun();
    await api.decide(rejected.waiting.approvalUrl, 'reject', 'Wrong contact');
    await api.waitForStatus(rejected.runId, ['PARTIAL']);
    const listed = (await api.request('GET', '/runs?limit=100')).body.runs as {
      status: string;
    }[];
    const count = (status: string) => listed.filter((r) => r.status === status).length;
    const finished = count('SUCCEEDED') + count('PARTIAL') + count('FAILED');
    const share = (status: string) => {
      const percent = (100 * count(status)) / finished;
      return `${percent.toFixed(percent % 1 === 0 ? 0 : 1)}%`;
    };

    await page.goto(`${stack.apiUrl}/`);

    const cards = await page.locator('#signals .card').evaluateAll((elements) =>
      elements.map((element) => ({
        label: element.querySelector('.label')?.textContent,
        value: element.querySelector('.value')?.textContent,
      })),
    );
    expect(cards.map((card) => card.label)).toEqual([
      'Run rate',
      'In flight',
      'Succeeded',
      'Partial',
      'Failed',
      'Duration P50',
    ]);
    expect(cards.slice(1, 5).map((card) => card.value)).toEqual([
      String(listed.length - finished),
      String(count('SUCCEEDED')),
      String(count('PARTIAL')),
      String(count('FAILED')),
    ]);
    expect(await textOf('#signals .card.ok .detail')).toBe(
      `${share('SUCCEEDED')} of ${finished} finished`,
    );
    expect(await textOf(`tr[data-run-id="${rejected.runId}"] .status`)).toBe('PARTIAL');
    const rows = await page
      .locator('#runs tbody tr')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-run-id')));
    expect(rows).toHaveLength(listed.length);
    expect(rows[0]).toBe(rejected.runId);
  });

  it('escapes what runs carry, allows only its own script, and shows no token', async () => {
    const hostile = '<img src=x onerror="document.title=1">';
    const { runId } = await startWaitingRun({ goal: `Draft outreach ${hostile}` });

    const response = await page.goto(`${stack.apiUrl}/`);
    const html = (await response?.text()) ?? '';

    expect(await textOf(`tr[data-run-id="${runId}"] .goal`)).toBe(`Draft outreach ${hostile}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).toBe('cugar-sales · local dashboard');
    expect(html).not.toContain(apiToken);
    expect(response?.headers()['content-security-policy']).toMatch(
      /^default-src 'none'; script-src 'nonce-[\w+/=]{24}'; style-src 'unsafe-inline'; /,
    );
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  });

  it('answers only requests addressed to loopback', async () => {
    const { port } = new URL(stack.apiUrl);

    const status = await new Promise<number | undefined>((resolve, reject) => {
      const sent = request(
        { host: '127.0.0.1', port, path: '/', headers: { host: 'attacker.example' } },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode);
        },
      );
      sent.on('error', reject);
      sent.end();
    });

    expect(status).toBe(421);
  });
});
