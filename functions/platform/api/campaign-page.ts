import escapeHtml from 'escape-html';
import type { CampaignView, DraftView } from './get-campaign.js';

/**
 * The campaign page: the ranking, and every draft with a checkbox, so a
 * manager approves or rejects several at once. The form posts to
 * `POST /campaigns/{campaignId}/decisions`, a caller route: the page works
 * where the caller's credentials reach the API. Each waiting draft also
 * links to its own signed approval page, which works anywhere.
 */

const e = (value: unknown) =>
  escapeHtml(value === undefined || value === null ? '' : String(value));

export function renderCampaignPage(view: CampaignView): string {
  const waiting = view.drafts.filter((d) => d.status === 'waiting');
  const ranked = view.ranked
    .map(
      (r) => `<tr><td>${r.rank}</td><td>${e(r.name)}</td><td>${e(r.score)}</td>
<td>${e(r.tier)}</td><td>${e(r.runStatus)}</td><td>${r.draft ? 'yes' : ''}</td></tr>`,
    )
    .join('\n');
  const drafts = view.drafts.map(draftRow).join('\n');
  const notes = [
    ...view.skipped.map((s) => `<li>${e(s.name)} (${e(s.phase)}): skipped, ${e(s.reason)}</li>`),
    ...view.failures.map(
      (f) =>
        `<li>${e(f.name)} (${e(f.phase)}): failed, ${e(f.error?.name)} ${e(f.error?.message)}</li>`,
    ),
  ].join('\n');
  const form =
    waiting.length > 0
      ? `<label for="reason">Reason (kept with each decision)</label>
<textarea id="reason" name="reason" maxlength="1000" rows="2"></textarea>
<button type="submit" name="decision" value="approve" class="approve">Approve selected</button>
<button type="submit" name="decision" value="reject" class="reject">Reject selected</button>`
      : '<p>No draft is waiting for a decision.</p>';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campaign ${e(view.campaignId)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;
color:#1b1f24}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.draft{white-space:pre-wrap;background:#f5f6f8;padding:.5rem;border-radius:6px;margin:0}
textarea{width:100%;display:block;margin:.25rem 0 1rem}
button{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem;border-radius:6px;border:1px solid}
.approve{background:#1f883d;color:#fff}.reject{background:#fff;color:#cf222e}
</style></head><body>
<h1>Campaign: ${e(view.goal)}</h1>
<p>Status <b>${e(view.status)}</b>. ${view.counts.accounts} accounts: ${view.counts.scored} scored,
${view.counts.skipped} skipped, ${view.counts.failed} failed. Budget ${e(view.budget.spent)} of
${e(view.budget.limit)} units spent.</p>
<h2>Drafts</h2>
<form method="post" action="${e(view.campaignId)}/decisions">
<table><thead><tr><th></th><th>Account</th><th>Draft</th><th>Status</th></tr></thead>
<tbody>
${drafts}
</tbody></table>
${form}
</form>
<h2>Ranking</h2>
<table><thead><tr><th>#</th><th>Account</th><th>Score</th><th>Tier</th><th>Run</th>
<th>Draft</th></tr></thead>
<tbody>
${ranked}
</tbody></table>
${notes ? `<h2>Skipped and failed</h2><ul>${notes}</ul>` : ''}
</body></html>`;
}

function draftRow(draft: DraftView): string {
  const box =
    draft.status === 'waiting'
      ? `<input type="checkbox" name="approvalId" value="${e(draft.approvalId)}"
          aria-label="select ${e(draft.name)}">`
      : '';
  const link = draft.approvalUrl ? ` <a href="${e(draft.approvalUrl)}">open</a>` : '';
  const text = draft.body
    ? `<b>${e(draft.subject)}</b><pre class="draft">${e(draft.body)}</pre>`
    : '';
  const decided = draft.decidedAt ? ` at ${e(draft.decidedAt)}` : '';
  return `<tr><td>${box}</td><td>${e(draft.name)}</td><td>${text}</td>
<td>${e(draft.status)}${decided}${link}</td></tr>`;
}
