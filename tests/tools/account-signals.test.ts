import { describe, expect, it } from 'vitest';
import type { Account, Deal } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { accountSignalsTool } from '../../functions/intelligence/tools/account-signals.js';
import { memoryContext } from '../support/memory-crm.js';
import { problemsOf } from '../support/problems.js';

const northwind: Account = {
  id: 'northwind-outfitters',
  name: 'Northwind Outfitters',
  parentId: 'larkspur-holdings',
};
const accounts: Account[] = [
  { id: 'larkspur-holdings', name: 'Larkspur Holdings' },
  northwind,
  { id: 'quillby', name: 'Quillby', parentId: northwind.id },
  { id: 'alder-works', name: 'Alder Works', parentId: northwind.id },
];
const products = [
  { name: 'GTX Basic', series: 'GTX', listPrice: 550 },
  { name: 'MG Special', series: 'MG', listPrice: 55 },
  { name: 'GTX Pro', series: 'GTX', listPrice: 4821 },
];

function deal(id: string, stage: Deal['stage'], product: string, more: Partial<Deal> = {}): Deal {
  return { id, accountId: northwind.id, product, salesAgent: 'Ada Quist', stage, ...more };
}

function closed(engageDate: string, closeDate: string, closeValue: number): Partial<Deal> {
  return { engageDate, closeDate, closeValue };
}

const deals: Deal[] = [
  deal('D1', 'Won', 'GTX Basic', closed('2017-01-02', '2017-02-01', 540)),
  deal('D2', 'Won', 'MG Special', closed('2017-01-10', '2017-03-01', 50)),
  deal('D3', 'Won', 'GTX Basic', closed('2017-02-01', '2017-04-10', 560)),
  deal('D4', 'Lost', 'GTX Pro', closed('2017-03-01', '2017-05-20', 0)),
  deal('D5', 'Engaging', 'GTX Pro', { engageDate: '2017-06-01' }),
  deal('D6', 'Prospecting', 'MG Special'),
  deal('D7', 'Won', 'GTX Pro', {
    ...closed('2017-06-01', '2017-06-20', 4800),
    accountId: 'quillby',
  }),
];

async function signals(account: unknown, data = { accounts, deals, products }) {
  const input = parseInput(accountSignalsTool.input, { account }, 'input');
  const output = await accountSignalsTool.run(input, memoryContext(data));
  return parseInput(accountSignalsTool.output, output, 'output');
}

describe('account-signals', () => {
  it('summarises deals, products, last engagement and family of an account', async () => {
    // Act
    const result = await signals(northwind);

    // Assess
    expect(result).toEqual({
      accountId: 'northwind-outfitters',
      hasHistory: true,
      openDealsByStage: { Prospecting: 1, Engaging: 1 },
      openListValue: 4876,
      won: { count: 3, value: 1150 },
      lost: { count: 1, listValue: 4821 },
      lastEngagement: '2017-06-01',
      daysSinceLastEngagement: 29,
      productsBought: ['GTX Basic', 'MG Special'],
      parent: { id: 'larkspur-holdings', name: 'Larkspur Holdings' },
      subsidiaries: [
        { id: 'alder-works', name: 'Alder Works' },
        { id: 'quillby', name: 'Quillby' },
      ],
      reasons: [
        '2 open deals (1 prospecting, 1 engaging) worth 4876 at list price',
        '3 won for 1150; 1 lost worth 4821 at list price',
        'last engagement 2017-06-01, 29 days before the run',
        'bought GTX Basic, MG Special',
        'subsidiary of Larkspur Holdings',
        'parent of Alder Works, Quillby',
      ],
    });
  });

  it('orders products bought equally often by name', async () => {
    // Prepare
    const tied = [
      deal('T1', 'Won', 'MG Special', { closeDate: '2017-01-01', closeValue: 55 }),
      deal('T2', 'Won', 'GTX Basic', { closeDate: '2017-01-02', closeValue: 550 }),
    ];

    // Act
    const result = await signals(northwind, { accounts, deals: tied, products });

    // Assess
    expect(result.productsBought).toEqual(['GTX Basic', 'MG Special']);
  });

  it('says plainly when an account has no history, and names an unknown parent', async () => {
    // Prepare
    const account = { id: 'pinegate', name: 'Pinegate', parentId: 'ghost-group' };

    // Act
    const result = await signals(account);

    // Assess
    expect(result).toMatchObject({
      hasHistory: false,
      openListValue: 0,
      lastEngagement: null,
      daysSinceLastEngagement: null,
      productsBought: [],
      parent: { id: 'ghost-group', name: null },
      subsidiaries: [],
      reasons: [
        'no deals with Pinegate (id pinegate) in the imported CRM',
        'subsidiary of unknown account ghost-group',
      ],
    });
  });

  it('rejects an account without an id, naming account.id', () => {
    // Act
    const problems = problemsOf(() =>
      parseInput(accountSignalsTool.input, { account: { name: 'X' } }, 'input'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['account.id']);
  });
});
