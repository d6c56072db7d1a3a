import * as z from 'zod';
import { InputError, type FieldProblem } from '../../commons/errors.js';
import type { Account, Deal, SalesAgent } from '../../commons/sales-model.js';
import { defineTool, type CrmReader } from '../../commons/tool.js';
import { isOpen } from '../../intelligence/deal-history.js';
import {
  agentLoads,
  agentLoadSchema,
  officeLoads,
  officeLoadSchema,
  type AgentLoad,
} from '../pipeline-load.js';

/**
 * What would happen to pipeline load if accounts changed hands: every open
 * deal of a moved account goes to its new agent. It only proposes: nothing
 * is reassigned until a person approves and acts on it.
 */

const moveSchema = z.object({
  accountId: z.string().min(1).max(200),
  toAgent: z.string().min(1).max(200),
});

const loadsSchema = z.object({
  agents: z.array(agentLoadSchema),
  offices: z.array(officeLoadSchema),
});

const outputSchema = z.object({
  proposal: z.object({
    requiresApproval: z.literal(true),
    summary: z.string(),
    moves: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string(),
        toAgent: z.string(),
        toOffice: z.string(),
        deals: z.array(
          z.object({ dealId: z.string(), product: z.string(), fromAgent: z.string() }),
        ),
      }),
    ),
  }),
  before: loadsSchema,
  after: loadsSchema,
  /** The agents whose load would change, with both figures. */
  changes: z.array(
    z.object({
      agent: z.string(),
      office: z.string(),
      openDealsBefore: z.number(),
      openDealsAfter: z.number(),
      openListValueBefore: z.number(),
      openListValueAfter: z.number(),
    }),
  ),
  warnings: z.array(z.string()),
});
export type TerritoryChange = z.infer<typeof outputSchema>;

async function validate(
  moves: z.infer<typeof moveSchema>[],
  crm: CrmReader,
  agents: SalesAgent[],
): Promise<Account[]> {
  const problems: FieldProblem[] = [];
  const accounts: Account[] = [];
  const seen = new Set<string>();
  for (const [i, move] of moves.entries()) {
    const account = await crm.findAccount(move.accountId);
    if (!account) problems.push({ field: `moves.${i}.accountId`, problem: 'no such account' });
    else if (seen.has(account.id)) {
      problems.push({ field: `moves.${i}.accountId`, problem: 'account moved twice' });
    } else {
      seen.add(account.id);
      accounts.push(account);
    }
    if (!agents.some((a) => a.name === move.toAgent)) {
      problems.push({ field: `moves.${i}.toAgent`, problem: 'no such sales agent' });
    }
  }
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    throw new InputError(`invalid territory change: ${summary}`, problems);
  }
  return accounts;
}

function changed(before: AgentLoad[], after: AgentLoad[]): TerritoryChange['changes'] {
  return before.flatMap((b, i) => {
    const a = after[i];
    if (!a || (a.openDeals === b.openDeals && a.openListValue === b.openListValue)) return [];
    return [
      {
        agent: b.agent,
        office: b.office,
        openDealsBefore: b.openDeals,
        openDealsAfter: a.openDeals,
        openListValueBefore: b.openListValue,
        openListValueAfter: a.openListValue,
      },
    ];
  });
}

/** Simulates `moves` over the CRM's open deals; proposes, changes nothing. */
export async function simulateTerritoryChange(
  moves: z.infer<typeof moveSchema>[],
  crm: CrmReader,
): Promise<TerritoryChange> {
  const [deals, agents, products] = await Promise.all([
    crm.allDeals(),
    crm.salesAgents(),
    crm.products(),
  ]);
  const accounts = await validate(moves, crm, agents);
  const target = new Map(accounts.map((a, i) => [a.id, moves[i]?.toAgent ?? '']));
  const moved: Deal[] = deals.map((d) => {
    const toAgent = d.accountId ? target.get(d.accountId) : undefined;
    return toAgent && isOpen(d) ? { ...d, salesAgent: toAgent } : d;
  });

  const before = agentLoads(deals, agents, products);
  const after = agentLoads(moved, agents, products);
  const warnings: string[] = [];
  const proposalMoves = accounts.map((account, i) => {
    const toAgent = moves[i]?.toAgent ?? '';
    const open = deals.filter((d) => d.accountId === account.id && isOpen(d));
    const movedDeals = open
      .filter((d) => d.salesAgent !== toAgent)
      .map((d) => ({ dealId: d.id, product: d.product, fromAgent: d.salesAgent }));
    if (open.length === 0) warnings.push(`${account.name} has no open deals: no load moves now`);
    else if (movedDeals.length === 0) {
      warnings.push(`${account.name}'s open deals are already ${toAgent}'s`);
    }
    const toOffice = agents.find((a) => a.name === toAgent)?.regionalOffice ?? '';
    const accountName = account.name;
    return { accountId: account.id, accountName, toAgent, toOffice, deals: movedDeals };
  });
  const dealCount = proposalMoves.reduce((sum, m) => sum + m.deals.length, 0);
  return {
    proposal: {
      requiresApproval: true,
      summary:
        `move ${accounts.length} account${accounts.length === 1 ? '' : 's'} and ` +
        `${dealCount} open deal${dealCount === 1 ? '' : 's'}; nothing changes until approved`,
      moves: proposalMoves,
    },
    before: { agents: before, offices: officeLoads(before) },
    after: { agents: after, offices: officeLoads(after) },
    changes: changed(before, after),
    warnings,
  };
}

/** The territory tool that proposes account moves and shows their effect on load. */
export const simulateTerritoryChangeTool = defineTool({
  name: 'simulate-territory-change',
  domain: 'territory',
  sideEffect: 'propose',
  cost: 2,
  description:
    'Proposes moving accounts to other sales agents and shows open-pipeline load per agent and ' +
    'office before and after; changes nothing itself.',
  input: z.object({ moves: z.array(moveSchema).min(1).max(100) }),
  output: outputSchema,
  run: ({ moves }, { crm }) => simulateTerritoryChange(moves, crm),
});
