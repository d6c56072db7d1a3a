import { describe, expect, it } from 'vitest';
import type { Account, Deal } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { assessDealRiskTool } from '../../functions/qualification/tools/assess-deal-risk.js';
import { memoryContext } from '../support/memory-crm.js';
import { problemsOf } from '../support/problems.js';

const northwind: Account = { id: 'northwind-outfitters', name: 'Northwind Outfitters' };

function deal(id: string, stage: Deal['stage'], product: string, more: Partial<Deal> = {}): Deal {
  return { id, accountId: northwind.id, product, salesAgent: 'Ada Quist', stage, ...more };
}

/** 20 closed GTX Basic deals of 1..20 days, won when odd; 2 MG Special of 100 and 200 days. */
const history: Deal[] = [
  ...Array.from({ length: 20 }, (_, i) =>
    deal(`H${i + 1}`, i % 2 === 0 ? 'Won' : 'Lost', 'GTX Basic', {
      accountId: 'other',
      engageDate: '2017-01-01',
      closeDate: `2017-01-${String(i + 2).padStart(2, '0')}`,
      closeValue: i % 2 === 0 ? 550 : 0,
    }),
  ),
  deal('M1', 'Won', 'MG Special', { engageDate: '2016-01-01', closeDate: '2016-04-10' }),
  deal('M2', 'Lost', 'MG Special', { engageDate: '2016-01-01', closeDate: '2016-07-19' }),
];
const open: Deal[] = [
  deal('O1', 'Engaging', 'GTX Basic', { engageDate: '2017-06-14' }),
  deal('O2', 'Engaging', 'GTX Basic', { engageDate: '2017-06-15' }),
  deal('O3', 'Prospecting', 'MG Special'),
  deal('O4', 'Engaging', 'MG Special', { engageDate: '2017-06-12' }),
];

async function assess(input: unknown) {
  const parsed = parseInput(assessDealRiskTool.input, input, 'input');
  const context = memoryContext({ deals: [...history, ...open] });
  const output = await assessDealRiskTool.run(parsed, context);
  return parseInput(assessDealRiskTool.output, output, 'output');
}

describe('assess-deal-risk', () => {
  it('calls an engaging deal stalled past the 75th percentile of its product', async () => {
    // Act
    const result = await assess({ account: northwind });

    // Assess
    expect(result.openDeals[0]).toEqual({
      dealId: 'O1',
      product: 'GTX Basic',
      stage: 'Engaging',
      salesAgent: 'Ada Quist',
      engageDate: '2017-06-14',
      daysSinceEngaged: 16,
      stalled: true,
      norm: { percentile: 75, thresholdDays: 15, sampleSize: 20, basis: 'product' },
      history: {
        basis: 'product',
        closed: 20,
        won: 10,
        winRate: 0.5,
        statement: 'of 20 closed GTX Basic deals, 50% were won (10)',
      },
      risks: [
        {
          code: 'stalled',
          detail: 'engaged 16 days ago; 75% of 20 closed GTX Basic deals closed within 15 days',
        },
      ],
      riskLevel: 'high',
    });
  });

  it('does not call a deal exactly at the threshold stalled', async () => {
    // Act
    const result = await assess({ account: northwind });

    // Assess
    expect(result.openDeals[1]).toMatchObject({
      dealId: 'O2',
      daysSinceEngaged: 15,
      stalled: false,
      risks: [],
      riskLevel: 'medium',
    });
  });

  it('uses all products when a product has under 20 closed deals, and says so', async () => {
    // Act
    const result = await assess({ account: northwind });

    // Assess
    expect(result.openDeals[3]).toMatchObject({
      dealId: 'O4',
      daysSinceEngaged: 18,
      stalled: true,
      norm: { percentile: 75, thresholdDays: 17, sampleSize: 22, basis: 'all products' },
      history: { statement: 'of 2 closed MG Special deals, 50% were won (1)' },
    });
  });

  it('cannot age a prospecting deal without an engage date, and says so', async () => {
    // Act
    const result = await assess({ account: northwind });

    // Assess
    expect(result.openDeals[2]).toMatchObject({
      dealId: 'O3',
      daysSinceEngaged: null,
      stalled: null,
      norm: null,
      risks: [{ code: 'stage-age-unknown', detail: 'Prospecting with no engage date' }],
      riskLevel: 'medium',
    });
  });

  it('names missing champion and budget as risks when no evidence is given', async () => {
    // Act
    const result = await assess({ account: northwind });

    // Assess
    expect(result.accountRisks).toEqual([
      { code: 'no-champion', detail: 'no evidence of a champion' },
      { code: 'no-budget', detail: 'no evidence of a budget' },
    ]);
    expect(result.summary).toEqual([
      '4 open deals: 2 stalled, 2 at high risk',
      'no-champion: no evidence of a champion',
      'no-budget: no evidence of a budget',
    ]);
    expect(result.advisory).toBe(true);
  });

  it('rates a stalled deal medium once champion and budget are confirmed', async () => {
    // Prepare
    const evidence = { champion: 'Dana, VP Ops', budget: true, competition: ['Contoso'] };

    // Act
    const result = await assess({ account: northwind, evidence });

    // Assess
    expect(result.accountRisks).toEqual([
      { code: 'competition', detail: 'competing with Contoso' },
    ]);
    expect(result.openDeals.map((d) => d.riskLevel)).toEqual([
      'medium',
      'medium',
      'medium',
      'medium',
    ]);
  });

  it('rates a deal low when nothing is wrong, and a known gap as such', async () => {
    // Prepare
    const clean = { champion: true, budget: true, competition: 'none' };
    const gap = { champion: true, budget: 'no budget until 2018' };

    // Act
    const low = await assess({ account: northwind, evidence: clean });
    const missing = await assess({ account: northwind, evidence: gap });

    // Assess
    expect(low.openDeals[1]?.riskLevel).toBe('low');
    expect(missing.accountRisks).toEqual([
      { code: 'no-budget', detail: 'budget known to be missing: no budget until 2018' },
    ]);
  });

  it('reports an account with no open deals', async () => {
    // Act
    const result = await assess({ account: { id: 'pinegate', name: 'Pinegate' } });

    // Assess
    expect([result.openDeals, result.summary]).toEqual([
      [],
      ['Pinegate has no open deals in the CRM'],
    ]);
  });

  it('rejects unreadable evidence, naming the element', () => {
    // Act
    const problems = problemsOf(() =>
      parseInput(assessDealRiskTool.input, { account: northwind, evidence: { champion: 3 } }, 'in'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['evidence.champion']);
  });
});
