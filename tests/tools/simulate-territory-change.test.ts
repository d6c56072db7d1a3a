import { describe, expect, it } from 'vitest';
import type { Deal } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { simulateTerritoryChangeTool } from '../../functions/territory/tools/simulate-territory-change.js';
import { memoryContext } from '../support/memory-crm.js';
import { asyncProblemsOf, problemsOf } from '../support/problems.js';
import { deal, products, salesAgents } from '../support/territory-fixture.js';

const accounts = [
  { id: 'northwind-outfitters', name: 'Northwind Outfitters' },
  { id: 'quillby', name: 'Quillby' },
  { id: 'pinegate', name: 'Pinegate' },
];
const deals: Deal[] = [
  deal('N1', 'Ada Quist', 'GTX Basic', 'northwind-outfitters'),
  deal('N2', 'Ada Quist', 'MG Special', 'northwind-outfitters'),
  deal('N3', 'Bruno Tavel', 'GTX Basic', 'northwind-outfitters'),
  deal('N4', 'Ada Quist', 'GTX Basic', 'northwind-outfitters', 'Won'),
  deal('Q1', 'Ada Quist', 'GTX Basic', 'quillby'),
];

async function simulate(moves: unknown) {
  const parsed = parseInput(simulateTerritoryChangeTool.input, { moves }, 'input');
  const context = memoryContext({ accounts, deals, salesAgents, products });
  const output = await simulateTerritoryChangeTool.run(parsed, context);
  return parseInput(simulateTerritoryChangeTool.output, output, 'output');
}

describe('simulate-territory-change', () => {
  it('proposes moving an account and shows the load it shifts between offices', async () => {
    // Act
    const result = await simulate([{ accountId: 'Northwind Outfitters', toAgent: 'Dmitri Vale' }]);

    // Assess
    expect(result.proposal).toEqual({
      requiresApproval: true,
      summary: 'move 1 account and 3 open deals; nothing changes until approved',
      moves: [
        {
          accountId: 'northwind-outfitters',
          accountName: 'Northwind Outfitters',
          toAgent: 'Dmitri Vale',
          toOffice: 'West',
          deals: [
            { dealId: 'N1', product: 'GTX Basic', fromAgent: 'Ada Quist' },
            { dealId: 'N2', product: 'MG Special', fromAgent: 'Ada Quist' },
            { dealId: 'N3', product: 'GTX Basic', fromAgent: 'Bruno Tavel' },
          ],
        },
      ],
    });
    expect(result.changes).toEqual([
      {
        agent: 'Ada Quist',
        office: 'Central',
        openDealsBefore: 3,
        openDealsAfter: 1,
        openListValueBefore: 1155,
        openListValueAfter: 550,
      },
      {
        agent: 'Bruno Tavel',
        office: 'Central',
        openDealsBefore: 1,
        openDealsAfter: 0,
        openListValueBefore: 550,
        openListValueAfter: 0,
      },
      {
        agent: 'Dmitri Vale',
        office: 'West',
        openDealsBefore: 0,
        openDealsAfter: 3,
        openListValueBefore: 0,
        openListValueAfter: 1155,
      },
    ]);
    expect(result.before.offices.map((o) => [o.office, o.openDeals, o.openListValue])).toEqual([
      ['Central', 4, 1705],
      ['West', 0, 0],
    ]);
    expect(result.after.offices.map((o) => [o.office, o.openDeals, o.openListValue])).toEqual([
      ['Central', 1, 550],
      ['West', 3, 1155],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('warns when a move would shift nothing', async () => {
    // Act
    const result = await simulate([
      { accountId: 'pinegate', toAgent: 'Ada Quist' },
      { accountId: 'quillby', toAgent: 'Ada Quist' },
    ]);

    // Assess
    expect(result.warnings).toEqual([
      'Pinegate has no open deals: no load moves now',
      "Quillby's open deals are already Ada Quist's",
    ]);
    expect(result.changes).toEqual([]);
    expect(result.proposal.summary).toBe(
      'move 2 accounts and 0 open deals; nothing changes until approved',
    );
  });

  it('rejects unknown accounts and agents and a repeated account, naming each field', async () => {
    // Act
    const problems = await asyncProblemsOf(() =>
      simulate([
        { accountId: 'ghost', toAgent: 'Ada Quist' },
        { accountId: 'quillby', toAgent: 'Nobody' },
        { accountId: 'quillby', toAgent: 'Ada Quist' },
      ]),
    );

    // Assess
    expect(problems).toEqual([
      { field: 'moves.0.accountId', problem: 'no such account' },
      { field: 'moves.1.toAgent', problem: 'no such sales agent' },
      { field: 'moves.2.accountId', problem: 'account moved twice' },
    ]);
  });

  it('rejects an empty list of moves, naming moves', () => {
    // Act
    const problems = problemsOf(() =>
      parseInput(simulateTerritoryChangeTool.input, { moves: [] }, 'input'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['moves']);
  });
});
