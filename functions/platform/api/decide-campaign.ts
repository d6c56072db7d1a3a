import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import escapeHtml from 'escape-html';
import * as z from 'zod';
import { findApproval } from '../../commons/approval-store.js';
import { maxCampaignDrafts } from '../../commons/campaign-model.js';
import { getCampaign } from '../../commons/campaign-store.js';
import { bindRun, logger } from '../../commons/powertools.js';
import { parseInput } from '../../commons/validation.js';
import { decideOnce } from './decide-approval.js';
import { header, html, HttpError, json, parseBody } from './http.js';

/**
 * `POST /campaigns/{campaignId}/decisions`: the manager decides several of
 * the campaign's drafts at once. A caller route: the caller is authenticated,
 * so no signed link is needed; each decision then goes through the same
 * single-decision logic as a signed link, so each approval is still decided
 * exactly once. Answers 200 with one result per decision.
 */

const decisionSchema = z.strictObject({
  approvalId: z.string().regex(/^apr_[\w-]{1,64}$/, 'must be an approval id (apr_...)'),
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(1000).optional(),
});

export const campaignDecisionsSchema = z.strictObject({
  decisions: z
    .array(decisionSchema)
    .min(1)
    .max(maxCampaignDrafts)
    .refine((list) => new Set(list.map((d) => d.approvalId)).size === list.length, {
      message: 'each approvalId at most once',
    }),
});

/** The answer of a batch of decisions: one result per decision, in order. */
export const campaignDecisionsAnswerSchema = z.strictObject({
  campaignId: z.string(),
  decided: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  results: z.array(
    z.strictObject({
      approvalId: z.string(),
      status: z.number().int().meta({ description: 'What this decision alone would have got.' }),
      runId: z.string().optional(),
      decision: z.string().optional(),
      decidedAt: z.iso.datetime().optional(),
      error: z.string().optional(),
      message: z.string().optional(),
    }),
  ),
});

/** What became of one decision of the batch. */
export interface DecisionResult {
  approvalId: string;
  /** The status code this decision alone would have got. */
  status: number;
  runId?: string;
  decision?: string;
  decidedAt?: string;
  error?: string;
  message?: string;
}

export async function decideCampaignDrafts(
  event: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult> {
  const campaign = await getCampaign(event.pathParameters?.campaignId ?? '');
  bindRun({ runId: campaign.campaignId, traceId: campaign.traceId });
  const form = isForm(event);
  const { decisions } = form
    ? parseInput(campaignDecisionsSchema, fromForm(event), 'request body')
    : parseBody(event, campaignDecisionsSchema);

  const draftRuns = new Set(Object.values(campaign.drafts).map((d) => d.runId));
  const results: DecisionResult[] = [];
  for (const { approvalId, decision, reason } of decisions) {
    const approval = await findApproval(approvalId);
    if (!approval || !draftRuns.has(approval.runId)) {
      results.push({
        approvalId,
        status: 404,
        error: 'not_found',
        message: 'no draft of this campaign has this approval id',
      });
      continue;
    }
    try {
      const decided = await decideOnce(approval, decision, reason);
      results.push({
        approvalId,
        status: 200,
        runId: approval.runId,
        decision: decided.status,
        decidedAt: decided.decidedAt,
      });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      results.push({
        approvalId,
        status: error.statusCode,
        runId: approval.runId,
        error: error.code,
        message: error.message,
        ...(typeof error.detail.decision === 'string' ? { decision: error.detail.decision } : {}),
      });
    }
  }

  const decided = results.filter((r) => r.status === 200).length;
  logger.info('campaign drafts decided', { decided, refused: results.length - decided });
  const body = {
    campaignId: campaign.campaignId,
    decided,
    refused: results.length - decided,
    results,
  };
  if (!form) return json(200, body);
  return html(200, resultPage(campaign.campaignId, results));
}

function isForm(event: APIGatewayProxyEvent): boolean {
  const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/**
 * The campaign page's form: `approvalId` once per ticked draft, one
 * `decision` for all, one `reason`. URLSearchParams keeps the repeats that
 * the generic form parsing folds into one.
 */
function fromForm(event: APIGatewayProxyEvent): unknown {
  const body = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > 64 * 1024) {
    throw new HttpError(413, 'body_too_large', 'the body is over 65536 bytes');
  }
  const form = new URLSearchParams(text);
  const reason = form.get('reason') || undefined;
  return {
    decisions: form.getAll('approvalId').map((approvalId) => ({
      approvalId,
      decision: form.get('decision'),
      ...(reason ? { reason } : {}),
    })),
  };
}

function resultPage(campaignId: string, results: DecisionResult[]): string {
  const rows = results
    .map(
      (r) =>
        `<li>${escapeHtml(r.approvalId)}: ${
          r.status === 200 ? escapeHtml(r.decision ?? '') : escapeHtml(r.message ?? '')
        }</li>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Decisions recorded</title></head>
<body style="font:16px system-ui;max-width:40rem;margin:2rem auto">
<h1>Decisions</h1><ul>${rows}</ul>
<p><a href="../${escapeHtml(campaignId)}">Back to the campaign</a></p></body></html>`;
}
