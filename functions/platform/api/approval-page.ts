import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import escapeHtml from 'escape-html';
import * as z from 'zod';
import { checkApprovalLink } from '../../commons/approval-link.js';
import { findApproval, type ApprovalItem } from '../../commons/approval-store.js';
import { NotFoundError } from '../../commons/errors.js';
import { runStatuses, type RunRecord } from '../../commons/run-model.js';
import { getRun } from '../../commons/run-store.js';
import { accountSchema, contactSchema } from '../../commons/sales-model.js';
import { errorResponse, html, HttpError, json, wantsJson, wantsPage } from './http.js';

/**
 * `GET /approvals/{approvalId}`: shows what is to be approved, with Approve
 * and Reject buttons that POST to the same signed link. Opening the link
 * decides nothing, since mail scanners and previews open links too.
 */

/** Checks the signed link and loads the approval it names. */
export async function approvalFromLink(event: APIGatewayProxyEvent): Promise<ApprovalItem> {
  const approvalId = event.pathParameters?.approvalId ?? '';
  const query = event.queryStringParameters ?? {};
  const check = await checkApprovalLink(approvalId, query.exp, query.sig);
  if (check === 'forged') {
    throw new HttpError(403, 'invalid_signature', 'this approval link is not valid');
  }
  if (check === 'expired') {
    throw new HttpError(410, 'link_expired', 'this approval link has expired');
  }
  const approval = await findApproval(approvalId);
  if (!approval) throw new NotFoundError(`no approval ${approvalId}`);
  return approval;
}

/**
 * Runs an approval route, answering a browser's failure with a page rather
 * than JSON: a manager who clicks an old link should read why, not parse it.
 */
export async function forBrowsers(
  event: APIGatewayProxyEvent,
  route: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
): Promise<APIGatewayProxyResult> {
  try {
    return await route(event);
  } catch (error) {
    if (!wantsPage(event)) throw error;
    const answer = errorResponse(error, event.requestContext?.requestId ?? '');
    const { message } = JSON.parse(answer.body) as { message: string };
    return html(
      answer.statusCode,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Approval</title></head>
<body style="font:16px system-ui;max-width:40rem;margin:2rem auto">
<h1>This approval link cannot be used</h1><p>${escapeHtml(message)}.</p></body></html>`,
    );
  }
}

/** `GET /approvals/{approvalId}`; a browser gets its failures as a page too. */
export function showApproval(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return forBrowsers(event, renderApproval);
}

async function renderApproval(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const approval = await approvalFromLink(event);
  const run = await getRun(approval.runId);
  const view = approvalView(approval, run);
  if (wantsJson(event)) return json(200, view);
  return html(200, renderPage(view, event));
}

/**
 * The JSON answer of `GET /approvals/{approvalId}` (with `Accept:
 * application/json`); the page shows the same. The OpenAPI document is
 * generated from it.
 */
export const approvalViewSchema = z
  .strictObject({
    approvalId: z.string().meta({ examples: ['apr_4b1f9c2e'] }),
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'TIMED_OUT']),
    requestedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().optional(),
    reason: z.string().optional(),
    run: z.strictObject({
      runId: z.string(),
      goal: z.string(),
      status: z.enum(runStatuses),
      traceId: z.string(),
    }),
    account: accountSchema,
    contact: contactSchema.optional(),
    proposal: z
      .strictObject({
        stepId: z.string(),
        tool: z.string().optional(),
        output: z.unknown().optional().meta({ description: 'What the step proposes.' }),
      })
      .meta({ description: 'The step whose proposal is to be approved.' }),
    quality: z
      .unknown()
      .optional()
      .meta({ description: "The message quality check's output, when the run has one." }),
  })
  .meta({ description: 'What a human needs to decide: the proposal, the account, the run.' });
type ApprovalView = z.infer<typeof approvalViewSchema>;

/** What a human needs to decide: the proposal, the account, the run. */
export function approvalView(approval: ApprovalItem, run: RunRecord): ApprovalView {
  const proposalStep = run.plan?.steps.find((s) => s.id === approval.of);
  return {
    approvalId: approval.approvalId,
    status: approval.status,
    requestedAt: approval.requestedAt,
    expiresAt: approval.expiresAt,
    decidedAt: approval.decidedAt,
    reason: approval.reason || undefined,
    run: { runId: run.runId, goal: run.goal, status: run.status, traceId: run.traceId },
    account: run.account,
    contact: run.contact,
    proposal: {
      stepId: approval.of,
      tool: proposalStep?.kind === 'tool' ? proposalStep.tool : undefined,
      output: run.steps[approval.of]?.output,
    },
    quality: run.steps['assess-message-quality']?.output,
  };
}

function renderPage(view: ApprovalView, event: APIGatewayProxyEvent): string {
  const e = (value: unknown) => escapeHtml(value === undefined ? '' : String(value));
  const output = (view.proposal.output ?? {}) as Record<string, unknown>;
  const query = new URLSearchParams(event.queryStringParameters as Record<string, string>);
  const action = `${e(view.approvalId)}?${e(query.toString())}`;
  const account = view.account;
  const quality = view.quality as { score?: number; grade?: string } | undefined;
  const qualityLine =
    quality?.score === undefined
      ? ''
      : `<p>Message quality: ${e(quality.score)} (${e(quality.grade)})</p>`;
  const revenue = account.revenueMillions === undefined ? '' : `$${e(account.revenueMillions)}M`;
  const proposal =
    typeof output.body === 'string'
      ? `<p><b>To:</b> ${e(output.to ?? view.contact?.name)}</p>
         <p><b>Subject:</b> ${e(output.subject)}</p>
         <pre class="draft">${e(output.body)}</pre>`
      : `<pre class="draft">${e(JSON.stringify(output, null, 2))}</pre>`;
  const decision =
    view.status === 'PENDING'
      ? `<form method="post" action="${action}">
           <label for="reason">Reason (kept with the decision)</label>
           <textarea id="reason" name="reason" maxlength="1000" rows="3"></textarea>
           <button type="submit" name="decision" value="approve" class="approve">Approve</button>
           <button type="submit" name="decision" value="reject" class="reject">Reject</button>
         </form>`
      : `<p class="decided">Decided: <b>${e(view.status)}</b> at ${e(view.decidedAt)}.
         ${view.reason ? `Reason: ${e(view.reason)}` : ''}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Approve ${e(view.proposal.tool ?? 'proposal')} for ${e(account.name)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
color:#1b1f24}
.draft{white-space:pre-wrap;background:#f5f6f8;padding:1rem;border-radius:6px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#57606a}
textarea{width:100%;display:block;margin:.25rem 0 1rem}
button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem;border-radius:6px;border:1px solid}
.approve{background:#1f883d;color:#fff}.reject{background:#fff;color:#cf222e}
</style></head><body>
${
  view.status === 'PENDING'
    ? `<h1>Approval needed</h1>
<p>The run below proposes the following. Nothing is sent until someone approves it.
This link expires at ${e(view.expiresAt)}.</p>`
    : `<h1>Approval ${e(view.status.toLowerCase().replace('_', ' '))}</h1>
<p>This proposal was decided; the link can no longer change it.</p>`
}
<h2>Proposal: ${e(view.proposal.tool ?? view.proposal.stepId)}</h2>
${proposal}
${qualityLine}
<h2>Account</h2>
<dl><dt>Name</dt><dd>${e(account.name)}</dd><dt>Sector</dt><dd>${e(account.sector)}</dd>
<dt>Country</dt><dd>${e(account.country)}</dd>
<dt>Revenue</dt><dd>${revenue}</dd></dl>
<h2>Run</h2>
<dl><dt>Goal</dt><dd>${e(view.run.goal)}</dd><dt>Run</dt><dd>${e(view.run.runId)}</dd>
<dt>Trace</dt><dd>${e(view.run.traceId)}</dd></dl>
<h2>Decision</h2>
${decision}
</body></html>`;
}
