import escapeHtml from 'escape-html';
import { clientScript } from './client-script.js';
import { runDurationMs, type GoldenSignals, type Outcome, type RunSummary } from './signals.js';

/**
 * The dashboard's HTML: golden signals, the approvals waiting with their
 * decision forms, and the runs newest first. Every value from a run is
 * escaped; the forms post to each approval's signed link, nothing else.
 */

/** What one rendering of the page shows. */
export interface DashboardView {
  runs: RunSummary[];
  signals: GoldenSignals;
  now: Date;
  refreshSeconds: number;
  /** The CSP nonce of the page's one inline script. */
  nonce: string;
  /** Set when the runs could not be read; the page says so instead of showing none. */
  problem?: string;
}

const e = (value: unknown): string => escapeHtml(value === undefined ? '' : String(value));

/** A duration as a person reads it: 850 ms, 4.2 s, 3 min 5 s, 2 h 10 min. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function formatTime(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

function percent(outcome: Outcome): string {
  return `${outcome.percent.toFixed(outcome.percent % 1 === 0 ? 0 : 1)}%`;
}

/** The approval link's path and query: the page posts to it on its own origin. */
function linkPath(url: string): string {
  const link = new URL(url);
  return `${link.pathname}${link.search}`;
}

function approvalIdOf(url: string): string {
  return new URL(url).pathname.split('/').pop() ?? '';
}

function signalsSection(signals: GoldenSignals): string {
  const card = (label: string, value: string, detail: string, tone = '') =>
    `<div class="card ${tone}"><div class="label">${e(label)}</div>` +
    `<div class="value">${e(value)}</div><div class="detail">${e(detail)}</div></div>`;
  const { durationMs: d } = signals;
  const seen = `${signals.total} run${signals.total === 1 ? '' : 's'} seen`;
  return `<section id="signals" aria-label="Golden signals">
${card(
  'Run rate',
  `${signals.runsPerMinute.toFixed(1)}/min`,
  `last ${signals.rateWindowMinutes} min · ${seen}`,
)}
${card('In flight', String(signals.inFlight), `${signals.awaitingApproval} awaiting approval`)}
${card(
  'Succeeded',
  String(signals.succeeded.count),
  `${percent(signals.succeeded)} of ${signals.finished} finished`,
  'ok',
)}
${card(
  'Partial',
  String(signals.partial.count),
  `${percent(signals.partial)} of finished`,
  signals.partial.count > 0 ? 'warn' : '',
)}
${card(
  'Failed',
  String(signals.failed.count),
  `${percent(signals.failed)} of finished`,
  signals.failed.count > 0 ? 'bad' : '',
)}
${card(
  'Duration P50',
  formatDuration(d.p50),
  `P95 ${formatDuration(d.p95)} · P99 ${formatDuration(d.p99)}`,
)}
</section>`;
}

function approvalCard(run: RunSummary): string {
  const url = run.approvalUrl as string;
  const id = approvalIdOf(url);
  return `<article class="approval" data-approval-id="${e(id)}">
  <h3>${e(run.accountName ?? run.accountId)}</h3>
  <p class="goal">${e(run.goal)}</p>
  <p class="meta">Run <code>${e(run.runId)}</code> · started ${e(formatTime(run.createdAt))} ·
    <a href="${e(linkPath(url))}">see the proposal</a></p>
  <form class="decision" method="post" action="${e(linkPath(url))}">
    <label for="reason-${e(id)}">Reason (kept with the decision)</label>
    <textarea id="reason-${e(id)}" name="reason" maxlength="1000" rows="2"></textarea>
    <button type="submit" name="decision" value="approve" class="approve">Approve</button>
    <button type="submit" name="decision" value="reject" class="reject">Reject</button>
    <span class="note" role="status"></span>
  </form>
</article>`;
}

function approvalsSection(runs: RunSummary[]): string {
  const waiting = runs.filter((run) => run.status === 'AWAITING_APPROVAL' && run.approvalUrl);
  const cards = waiting.map(approvalCard).join('\n');
  return `<section id="approvals" aria-labelledby="approvals-title">
<h2 id="approvals-title">Waiting for approval (${waiting.length})</h2>
<div id="approval-list">${cards || '<p class="empty">Nothing waits for a decision.</p>'}</div>
</section>`;
}

function runRow(run: RunSummary): string {
  return `<tr data-run-id="${e(run.runId)}">
  <td>${e(formatTime(run.createdAt))}</td>
  <td><code>${e(run.runId)}</code></td>
  <td>${e(run.accountName ?? run.accountId)}</td>
  <td class="goal">${e(run.goal)}</td>
  <td><span class="status s-${e(run.status.toLowerCase())}">${e(run.status)}</span></td>
  <td class="num">${e(formatDuration(runDurationMs(run)))}</td>
</tr>`;
}

function runsSection(runs: RunSummary[]): string {
  const body = runs.length
    ? `<table><thead><tr><th>Started (UTC)</th><th>Run</th><th>Account</th><th>Goal</th>` +
      `<th>Status</th><th class="num">Duration</th></tr></thead>\n<tbody>\n` +
      `${runs.map(runRow).join('\n')}\n</tbody></table>`
    : '<p class="empty">No runs yet. Start one with <code>POST /runs</code>.</p>';
  return `<section id="runs" aria-labelledby="runs-title">
<h2 id="runs-title">Runs, newest first (${runs.length})</h2>
${body}
</section>`;
}

const styles = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1b1f24;color:#fff;padding:.9rem 1.5rem;display:flex;align-items:baseline;
  gap:1rem;flex-wrap:wrap}
header h1{font-size:1.15rem;margin:0}header p{margin:0;color:#c9d1d9;font-size:.85rem}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h2{font-size:1.05rem;margin:1.6rem 0 .6rem}
#signals{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;
  margin-top:1rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.7rem .9rem;
  border-top:4px solid #8c959f}
.card.ok{border-top-color:#1f883d}.card.warn{border-top-color:#bf8700}
.card.bad{border-top-color:#cf222e}
.label{color:#57606a;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
.value{font-size:1.6rem;font-weight:600}.detail{color:#57606a;font-size:.82rem}
.approval{background:#fff;border:1px solid #d0d7de;border-left:4px solid #bf8700;
  border-radius:8px;padding:.8rem 1rem;margin-bottom:.75rem}
.approval.decided{opacity:.6}.approval h3{margin:0;font-size:1rem}
.approval p{margin:.2rem 0}.meta{color:#57606a;font-size:.85rem}
label{display:block;font-size:.85rem;color:#57606a;margin-top:.5rem}
textarea{width:100%;box-sizing:border-box;font:inherit;margin:.2rem 0 .5rem}
button{font:inherit;padding:.35rem 1.1rem;margin-right:.4rem;border-radius:6px;
  border:1px solid;cursor:pointer}
.approve{background:#1f883d;border-color:#1a7f37;color:#fff}
.reject{background:#fff;border-color:#cf222e;color:#cf222e}
.note{font-size:.85rem;color:#57606a}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d0d7de}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{font-size:.8rem;color:#57606a;background:#f6f8fa}
td.goal{max-width:24rem}.num{text-align:right;white-space:nowrap}
code{font-size:.8rem}
.status{font-size:.75rem;font-weight:600;padding:.1rem .45rem;border-radius:1rem;
  white-space:nowrap;background:#eaeef2}
.s-succeeded{background:#dafbe1;color:#1a7f37}.s-partial{background:#fff8c5;color:#7d4e00}
.s-failed{background:#ffebe9;color:#cf222e}.s-awaiting_approval{background:#ddf4ff;color:#0969da}
.empty{color:#57606a}#refresh-problem{color:#ff8182}
#flash{margin:1rem 0 0;font-weight:600;color:#1a7f37}#flash:empty{display:none}
`;

/** The whole page. */
export function renderDashboard(view: DashboardView): string {
  const content = view.problem
    ? `<p id="runs" class="empty">The runs could not be read: ${e(view.problem)}</p>`
    : `${signalsSection(view.signals)}\n${approvalsSection(view.runs)}\n${runsSection(view.runs)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cugar-sales · local dashboard</title>
<style>${styles}</style></head><body>
<header><h1>cugar-sales · local dashboard</h1>
<p id="updated">Updated ${e(formatTime(view.now.toISOString()))} · refreshes every ${e(
    view.refreshSeconds,
  )} s</p><p id="refresh-problem" role="status"></p></header>
<main>
<p id="flash" role="status"></p>
${content}
</main>
<script nonce="${e(view.nonce)}">${clientScript(view.refreshSeconds)}</script>
</body></html>`;
}
