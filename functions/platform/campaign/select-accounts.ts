import type { Selection } from '../../commons/campaign-model.js';
import { InputError } from '../../commons/errors.js';
import type { Account, Deal, SalesAgent } from '../../commons/sales-model.js';
import { canonicalSector } from '../../intelligence/vocabulary.js';

/**
 * Which accounts a campaign works. The CRM links accounts to agents only
 * through deals, and most accounts have deals with many agents, so each
 * account gets one owner: the agent on most of its deals (all stages), the
 * alphabetically first of those tied. Its office is its owner's office. An
 * account with no deals has no owner and is in no office or agent selection.
 *
 * Pure: the caller reads the CRM and passes what it read.
 */

/** The owner of each account that has deals, by account id. */
export function accountOwners(deals: Deal[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const deal of deals) {
    if (!deal.accountId) continue;
    const byAgent = counts.get(deal.accountId) ?? new Map<string, number>();
    byAgent.set(deal.salesAgent, (byAgent.get(deal.salesAgent) ?? 0) + 1);
    counts.set(deal.accountId, byAgent);
  }
  const owners = new Map<string, string>();
  for (const [accountId, byAgent] of counts) {
    const [owner] = [...byAgent].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    if (owner) owners.set(accountId, owner[0]);
  }
  return owners;
}

export interface CrmView {
  accounts: Account[];
  deals: Deal[];
  salesAgents: SalesAgent[];
}

/**
 * The selected accounts, in order: by id for an office, agent or sector; as
 * given (first mention kept) for a list of ids. Throws an InputError naming
 * the selection field when what it names is unknown to the CRM.
 */
export function selectAccounts(selection: Selection, crm: CrmView): Account[] {
  const byId = (a: Account, b: Account) => a.id.localeCompare(b.id);

  if (selection.accountIds) {
    const found = new Map(crm.accounts.map((a) => [a.id, a]));
    const byName = new Map(crm.accounts.map((a) => [a.name.toLowerCase(), a]));
    const unknown = selection.accountIds.filter(
      (id) => !found.has(id) && !byName.has(id.toLowerCase()),
    );
    if (unknown.length > 0) {
      throw selectionError(
        'accountIds',
        `no imported account has the id or name ${unknown.join(', ')}`,
      );
    }
    const chosen = selection.accountIds.map(
      (id) => (found.get(id) ?? byName.get(id.toLowerCase())) as Account,
    );
    return [...new Map(chosen.map((a) => [a.id, a])).values()];
  }

  if (selection.sector) {
    const wanted = canonicalSector(selection.sector).value;
    const chosen = crm.accounts.filter(
      (a) => a.sector !== undefined && canonicalSector(a.sector).value === wanted,
    );
    if (chosen.length === 0) {
      const known = [...new Set(crm.accounts.flatMap((a) => a.sector ?? []))].sort();
      throw selectionError(
        'sector',
        `no account is in sector ${selection.sector}; known: ${known.join(', ')}`,
      );
    }
    return chosen.sort(byId);
  }

  const owners = accountOwners(crm.deals);
  const agents = agentsSelected(selection, crm.salesAgents);
  return crm.accounts.filter((a) => agents.has(owners.get(a.id) ?? '')).sort(byId);
}

/** The agents whose accounts an office or agent selection names. */
function agentsSelected(selection: Selection, salesAgents: SalesAgent[]): Set<string> {
  if (selection.salesAgent) {
    const agent = salesAgents.find(
      (a) => a.name.toLowerCase() === selection.salesAgent?.toLowerCase(),
    );
    if (!agent)
      throw selectionError('salesAgent', `no sales agent is named ${selection.salesAgent}`);
    return new Set([agent.name]);
  }
  const office = selection.regionalOffice?.toLowerCase();
  const agents = salesAgents.filter((a) => a.regionalOffice.toLowerCase() === office);
  if (agents.length === 0) {
    const known = [...new Set(salesAgents.map((a) => a.regionalOffice))].sort();
    throw selectionError(
      'regionalOffice',
      `no regional office ${selection.regionalOffice}; known: ${known.join(', ')}`,
    );
  }
  return new Set(agents.map((a) => a.name));
}

function selectionError(field: string, problem: string): InputError {
  return new InputError(`invalid selection: ${problem}`, [
    { field: `selection.${field}`, problem },
  ]);
}

/**
 * Checks that a selection names what the CRM knows, without reading deals:
 * what the API can afford before it answers. The workflow resolves it.
 */
export function checkSelection(selection: Selection, crm: Omit<CrmView, 'deals'>): void {
  selectAccounts(selection, { ...crm, deals: [] });
}
