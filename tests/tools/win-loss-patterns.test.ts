import { describe, expect, it } from 'vitest';
import type { Account, Deal } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { winLossPatternsTool } from '../../functions/intelligence/tools/win-loss-patterns.js';
import { memoryContext } from '../support/memory-crm.js';
import { problemsOf } from '../support/problems.js';

const accounts: Account[] = [
  { id: 'a1', name: 'Quillby', sector: 'technolgy', revenueMillions: 1200 },
  { id: 'a2', name: 'Pinegate', sector: 'retail', revenueMillions: 50 },
];
const salesAgents = [
  { name: 'Ada Quist', manager: 'Mara Ellison', regionalOffice: 'Central' },
  { name: 'Bruno Tavel', manager: 'Jonas Whitcombe', regionalOffice: 'West' },
];
const products = [
  { name: 'GTX Basic', series: 'GTX', listPrice: 550 },
  { name: 'MG Special', series: 'MG', listPrice: 55 },
];

function deal(
  id: string,
  [stage, salesAgent, product, accountId]: [Deal['stage'], string, string, string?],
  [engageDate, closeDate, closeValue]: [string?, string?, number?] = [],
): Deal {
  return { id, stage, salesAgent, product, accountId, engageDate, closeDate, closeValue };
}

const deals: Deal[] = [
  deal('W1', ['Won', 'Ada Quist', 'GTX Basic', 'a1'], ['2017-01-01', '2017-01-11', 500]),
  deal('W2', ['Won', 'Ada Quist', 'MG Special', 'a1'], ['2017-01-01', '2017-01-21', 50]),
  deal('L1', ['Lost', 'Bruno Tavel', 'GTX Basic', 'a2'], ['2017-01-01', '2017-01-31', 0]),
  deal('W3', ['Won', 'Bruno Tavel', 'GTXBasic', 'a2'], ['2017-02-01', '2017-02-05', 600]),
  deal('L2', ['Lost', 'Ada Quist', 'GTX Basic'], ['2017-01-01', '2017-01-03', 0]),
  deal('O1', ['Engaging', 'Ada Quist', 'GTX Basic', 'a1'], ['2017-03-01']),
];

async function patterns(input: unknown) {
  const parsed = parseInput(winLossPatternsTool.input, input, 'input');
  const output = await winLossPatternsTool.run(
    parsed,
    memoryContext({ accounts, deals, salesAgents, products }),
  );
  return parseInput(winLossPatternsTool.output, output, 'output');
}

const rates = (groups: { value: string; closed: number; winRate: number | null }[]) =>
  groups.map((g) => [g.value, g.closed, g.winRate]);

describe('win-loss-patterns', () => {
  it('sums closed deals only, with cycle days and values for won and for lost', async () => {
    // Act
    const result = await patterns({ minGroupSize: 2 });

    // Assess
    expect(result.overall).toEqual({
      value: 'all',
      closed: 5,
      won: { count: 3, avgCycleDays: 11.3, avgValue: 383.3 },
      lost: { count: 2, avgCycleDays: 16, avgValue: 550 },
      winRate: 0.6,
    });
    expect(result.reasons[0]).toBe(
      '5 closed deals in scope: 3 won, 2 lost (60.0%); groups need 2 closed deals to count',
    );
  });

  it('ranks groups of each dimension by win rate, joining accounts, agents, products', async () => {
    // Act
    const result = await patterns({ minGroupSize: 2 });

    // Assess
    expect(rates(result.patterns.sector ?? [])).toEqual([
      ['technology', 2, 1],
      ['retail', 2, 0.5],
    ]);
    expect(rates(result.patterns.product ?? [])).toEqual([['GTX Basic', 4, 0.5]]);
    expect(rates(result.patterns.revenueBand ?? [])).toEqual([
      ['1000-4999M', 2, 1],
      ['under 100M', 2, 0.5],
    ]);
    expect(rates(result.patterns.salesAgent ?? [])).toEqual([
      ['Ada Quist', 3, 0.667],
      ['Bruno Tavel', 2, 0.5],
    ]);
    expect(rates(result.patterns.office ?? [])).toEqual([
      ['Central', 3, 0.667],
      ['West', 2, 0.5],
    ]);
  });

  it('lists groups below the minimum size as too small, never as patterns', async () => {
    // Act
    const result = await patterns({ minGroupSize: 2 });

    // Assess
    expect(result.tooSmall).toEqual([
      { dimension: 'sector', value: '(unknown)', closed: 1 },
      { dimension: 'product', value: 'MG Special', closed: 1 },
      { dimension: 'revenueBand', value: '(unknown)', closed: 1 },
    ]);
  });

  it('treats every group as too small at the default minimum of 30', async () => {
    // Act
    const result = await patterns({});

    // Assess
    expect(result.minGroupSize).toBe(30);
    expect(Object.values(result.patterns).flat()).toEqual([]);
    expect(result.tooSmall.length).toBe(12);
  });

  it('orders groups with equal win rates by name', async () => {
    // Act
    const result = await patterns({ minGroupSize: 1, filter: { office: 'West' } });

    // Assess
    expect(rates(result.patterns.salesAgent ?? [])).toEqual([['Bruno Tavel', 2, 0.5]]);
    expect(rates(result.patterns.sector ?? [])).toEqual([['retail', 2, 0.5]]);
  });

  it.each([
    [{ office: 'west' }, 2],
    [{ sector: 'technolgy' }, 2],
    [{ product: 'GTXBasic' }, 4],
    [{ office: 'Central', product: 'MG Special' }, 1],
  ])('filters closed deals by %j', async (filter, closed) => {
    // Act
    const result = await patterns({ minGroupSize: 1, filter });

    // Assess
    expect(result.overall.closed).toBe(closed);
  });

  it('rejects a minimum group size below 1, naming minGroupSize', () => {
    // Act
    const problems = problemsOf(() =>
      parseInput(winLossPatternsTool.input, { minGroupSize: 0 }, 'input'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['minGroupSize']);
  });
});
