import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCrmData } from '../../functions/commons/crm-store.js';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';
import { runCli } from './cli-process.js';

/**
 * The CLI drives whole runs on the local stack, as a rep would from a
 * terminal: start and watch to the approval, decide through the printed link,
 * watch to the end, then read the run, the list and the budget.
 */

let stack: LocalStack;
let api: ApiClient;
let env: Record<string, string>;
let dir: string;

const goal = 'Prioritize this account, draft outreach and qualify the deal';
const runIdPattern = /^started run (run_[0-9a-f-]{36}) \(trace 1-[0-9a-f]{8}-[0-9a-f]{24}\)$/;

/** The run id `run start` printed, and the progress lines that followed. */
function started(stdout: string) {
  const lines = stdout.trimEnd().split('\n');
  const runId = runIdPattern.exec(lines[0] ?? '')?.[1] as string;
  return { runId, lines };
}

beforeAll(async () => {
  ({ stack, api } = await startTestStack());
  const sample = fileURLToPath(new URL('../../infra/local/sample-crm', import.meta.url));
  await writeCrmData((await importCrmExport(sample)).data);
  env = { CUGAR_API_URL: stack.apiUrl, CUGAR_API_TOKEN: api.token as string };
  dir = mkdtempSync(join(tmpdir(), 'cugar-cli-'));
});

afterAll(async () => {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI on the local stack', () => {
  let runId: string;

  it('run start --watch follows the run to its approval and prints the link', async () => {
    const result = await runCli(
      [
        'run',
        'start',
        '--goal',
        goal,
        '--account-id',
        'northwind-outfitters',
        '--contact-name',
        'Dana Reyes',
        '--contact-email',
        'dana.reyes@northwind.example',
        '--watch',
        '--interval',
        '50',
      ],
      env,
    );

    const { lines, ...printed } = started(result.stdout);
    runId = printed.runId;
    const waiting = (await api.getRun(runId)).body;
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(lines[1]).toBe(`status: ${stack.apiUrl}/runs/${runId}`);
    for (const line of lines.slice(2, -2)) {
      expect(line).toMatch(new RegExp(`^run ${runId}: (PLANNING|RUNNING), \\d/[07] steps done$`));
    }
    expect(lines.slice(-2)).toEqual([
      `run ${runId}: AWAITING_APPROVAL, 4/7 steps done`,
      `approval needed: ${waiting.approvalUrl}`,
    ]);
  });

  it('approve posts the decision to the printed link', async () => {
    const { approvalUrl, approvals } = (await api.getRun(runId)).body;

    const result = await runCli(['approve', approvalUrl, '--reason', 'Send it today'], env);

    const { approvalId, decidedAt } = (await api.getRun(runId)).body.approvals[0];
    expect(approvalId).toBe(approvals[0].approvalId);
    expect(result).toEqual({
      code: 0,
      stdout: `APPROVED ${approvalId} of run ${runId} at ${decidedAt} (Send it today)\n`,
      stderr: '',
    });
  });

  it('run watch --until-done exits 0 once the run SUCCEEDED and prints its steps', async () => {
    const result = await runCli(['run', 'watch', runId, '--until-done', '--interval', '50'], env);

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout.slice(result.stdout.indexOf(`run ${runId} SUCCEEDED`))).toBe(
      [
        `run ${runId} SUCCEEDED: 7/7 steps done, budget 10 of 100 spent`,
        '',
        'step                    status     cost  reason',
        'score-account-fit       succeeded  1',
        'account-signals         succeeded  1',
        'draft-outreach          succeeded  2',
        'assess-message-quality  succeeded  1',
        'approve-draft-outreach  approved   -',
        'qualify-opportunity     succeeded  2',
        'assess-deal-risk        succeeded  3',
        '',
      ].join('\n'),
    );
  });

  it('budget prints the limit, spent, remaining and each tool step reservation', async () => {
    const result = await runCli(['budget', runId], env);

    expect(result).toEqual({
      code: 0,
      stdout: [
        `run ${runId} (SUCCEEDED)`,
        'limit:     100',
        'spent:     10',
        'remaining: 90',
        '',
        'step                    tool                    cost  reservation  status',
        'score-account-fit       score-account-fit       1     reserved     succeeded',
        'account-signals         account-signals         1     reserved     succeeded',
        'draft-outreach          draft-outreach          2     reserved     succeeded',
        'assess-message-quality  assess-message-quality  1     reserved     succeeded',
        'qualify-opportunity     qualify-opportunity     2     reserved     succeeded',
        'assess-deal-risk        assess-deal-risk        3     reserved     succeeded',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('run show --json prints the API view of the run as it is', async () => {
    const result = await runCli(['run', 'show', runId, '--json'], env);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual((await api.getRun(runId)).body);
  });

  it('run show prints the run for a person to read', async () => {
    const run = (await api.getRun(runId)).body;

    const result = await runCli(['run', 'show', runId], env);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 11)).toEqual([
      `run:      ${runId}`,
      'status:   SUCCEEDED',
      `goal:     ${goal}`,
      'account:  Northwind Outfitters (northwind-outfitters)',
      'contact:  Dana Reyes, dana.reyes@northwind.example',
      'profile:  rep',
      `trace:    ${run.traceId}`,
      `planner:  rules: ${run.plan.explanation}`,
      'budget:   10 of 100 spent, 90 left',
      `created:  ${run.createdAt}`,
      `finished: ${run.finishedAt}`,
    ]);
  });

  it('a rejected run: run watch --until-done exits 3 for PARTIAL and says why', async () => {
    const accountFile = join(dir, 'account.json');
    writeFileSync(accountFile, JSON.stringify(northwind.account));
    const start = await runCli(
      ['run', 'start', '--goal', goal, '--account-file', accountFile, '--watch'],
      env,
    );
    const partialId = started(start.stdout).runId;
    const approvalUrl = /approval needed: (\S+)\n$/.exec(start.stdout)?.[1] as string;

    const reject = await runCli(['reject', approvalUrl, '--reason', 'Not now'], env);
    const watch = await runCli(['run', 'watch', partialId, '--until-done'], env);

    expect([start.code, reject.code, watch.code]).toEqual([0, 0, 3]);
    expect(reject.stdout).toMatch(new RegExp(`^REJECTED apr_\\S+ of run ${partialId} at `));
    expect(watch.stdout.slice(watch.stdout.indexOf(`run ${partialId} PARTIAL`))).toBe(
      [
        `run ${partialId} PARTIAL: 7/7 steps done, budget 5 of 100 spent`,
        '',
        'step                    status     cost  reason',
        'score-account-fit       succeeded  1',
        'account-signals         succeeded  1',
        'draft-outreach          succeeded  2',
        'assess-message-quality  succeeded  1',
        'approve-draft-outreach  rejected   -     rejected',
        'qualify-opportunity     skipped    2     rejected',
        'assess-deal-risk        skipped    3     rejected',
        '',
      ].join('\n'),
    );
  });

  it('run list shows the runs newest first, and --status filters them', async () => {
    const all = await runCli(['run', 'list', '--limit', '100'], env);
    const succeeded = await runCli(['run', 'list', '--status', 'SUCCEEDED'], env);

    const rows = (stdout: string) => stdout.trimEnd().split('\n').slice(1);
    expect([all.code, succeeded.code]).toEqual([0, 0]);
    expect(all.stdout.split('\n')[0]).toBe(
      `${'run'.padEnd(40)}  status     ${'created'.padEnd(24)}  ${'account'.padEnd(20)}  goal`,
    );
    expect(rows(all.stdout).map((row) => row.split(/ {2,}/)[1])).toEqual(['PARTIAL', 'SUCCEEDED']);
    expect(rows(succeeded.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(`^${runId}  SUCCEEDED  \\S+Z  Northwind Outfitters  ${goal}$`),
      ),
    ]);
  });
});
