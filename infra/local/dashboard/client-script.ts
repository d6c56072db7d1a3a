/**
 * The dashboard's only script, inlined in the page (the network is closed,
 * so nothing is loaded from elsewhere). It refreshes the page's sections in
 * place every few seconds, keeping any reason being typed, and sends the
 * Approve and Reject buttons' decisions to the approval's signed link as
 * JSON. Without it the same forms still post to the link.
 */
export function clientScript(refreshSeconds: number): string {
  return `(() => {
  const refreshMs = ${Math.round(refreshSeconds * 1000)};
  let refreshing = false;

  const keyOf = (element) => element.getAttribute('data-approval-id') || '';

  function mergeApprovals(list, freshList) {
    const fresh = Array.from(freshList.children);
    const wanted = new Set(fresh.map(keyOf).filter(Boolean));
    const current = new Map();
    for (const element of Array.from(list.children)) {
      const key = keyOf(element);
      if (key && wanted.has(key)) current.set(key, element);
      else element.remove();
    }
    let anchor = null;
    for (let i = fresh.length - 1; i >= 0; i -= 1) {
      const existing = current.get(keyOf(fresh[i]));
      if (existing) {
        anchor = existing;
        continue;
      }
      const added = document.importNode(fresh[i], true);
      list.insertBefore(added, anchor);
      anchor = added;
    }
  }

  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    const problem = document.getElementById('refresh-problem');
    try {
      const response = await fetch(location.pathname, {
        headers: { accept: 'text/html' },
        cache: 'no-store',
      });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const id of ['updated', 'signals', 'approvals-title', 'runs']) {
        const next = fresh.getElementById(id);
        const here = document.getElementById(id);
        if (next && here) here.replaceWith(document.importNode(next, true));
      }
      const list = document.getElementById('approval-list');
      const freshList = fresh.getElementById('approval-list');
      if (list && freshList) mergeApprovals(list, freshList);
      problem.textContent = '';
    } catch (error) {
      problem.textContent = 'Could not refresh (' + error.message + '); trying again.';
    } finally {
      refreshing = false;
    }
  }

  async function decide(form, decision) {
    const note = form.querySelector('.note');
    const buttons = Array.from(form.querySelectorAll('button'));
    const reason = form.elements.reason.value.trim();
    buttons.forEach((button) => (button.disabled = true));
    note.textContent = 'Sending...';
    try {
      const response = await fetch(form.getAttribute('action'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(reason ? { decision, reason } : { decision }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.message || 'HTTP ' + response.status);
      note.textContent = body.decision === 'APPROVED'
        ? 'Approved; the run goes on.'
        : 'Rejected; the run ends without sending anything.';
      document.getElementById('flash').textContent =
        (body.decision === 'APPROVED' ? 'Approved' : 'Rejected') + ' run ' + body.runId + '.';
      form.closest('.approval').classList.add('decided');
      refresh();
    } catch (error) {
      note.textContent = 'Not recorded: ' + error.message;
      buttons.forEach((button) => (button.disabled = false));
    }
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('decision')) return;
    event.preventDefault();
    const decision = event.submitter && event.submitter.value;
    if (decision === 'approve' || decision === 'reject') decide(form, decision);
  });
  setInterval(refresh, refreshMs);
})();`;
}
