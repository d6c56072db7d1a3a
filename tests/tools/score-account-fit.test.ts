import { describe, expect, it } from 'vitest';
import type { Account } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { scoreAccountFitTool } from '../../functions/intelligence/tools/score-account-fit.js';
import { memoryContext } from '../support/memory-crm.js';
import { problemsOf } from '../support/problems.js';

const northwind: Account = {
  id: 'northwind-outfitters',
  name: 'Northwind Outfitters',
  sector: 'technology',
  revenueMillions: 1200,
  employees: 3000,
  country: 'United States',
};

async function score(input: unknown) {
  const parsed = parseInput(scoreAccountFitTool.input, input, 'score-account-fit input');
  const output = await scoreAccountFitTool.run(parsed, memoryContext());
  return parseInput(scoreAccountFitTool.output, output, 'score-account-fit output');
}

describe('score-account-fit', () => {
  it('gives an account inside every default criterion 100, tier A, full confidence', async () => {
    // Prepare: northwind is inside the default profile on all four criteria.

    // Act
    const fit = await score({ account: northwind });

    // Assess
    expect(fit).toEqual({
      score: 100,
      tier: 'A',
      confidence: 1,
      profile: 'default',
      missing: [],
      components: [
        {
          criterion: 'revenue',
          weight: 30,
          score: 100,
          points: 30,
          matched: true,
          value: 1200,
          expected: '500-5000M USD',
          reason: '1200M USD is within 500-5000M USD',
        },
        {
          criterion: 'employees',
          weight: 20,
          score: 100,
          points: 20,
          matched: true,
          value: 3000,
          expected: '1000-20000 employees',
          reason: '3000 employees is within 1000-20000 employees',
        },
        {
          criterion: 'industry',
          weight: 30,
          score: 100,
          points: 30,
          matched: true,
          value: 'technology',
          expected: 'technology, software, telecommunications, medical',
          reason: 'technology is one of technology, software, telecommunications, medical',
        },
        {
          criterion: 'region',
          weight: 20,
          score: 100,
          points: 20,
          matched: true,
          value: 'United States',
          expected: 'United States',
          reason: 'United States is one of United States',
        },
      ],
      reasons: [
        'score 100 of 100 puts Northwind Outfitters in tier A (80 or more)',
        'revenue (30 of 30 points): 1200M USD is within 500-5000M USD',
        'employees (20 of 20 points): 3000 employees is within 1000-20000 employees',
        'industry (30 of 30 points): technology is one of technology, software, ' +
          'telecommunications, medical',
        'region (20 of 20 points): United States is one of United States',
      ],
    });
  });

  it('scores missing fields 0, names them and lowers confidence by their weight', async () => {
    // Prepare: no employees and no country; revenue half the minimum; sector outside the profile.
    const account = { id: 'quillby', name: 'Quillby', sector: 'retail', revenueMillions: 250 };

    // Act
    const fit = await score({ account });

    // Assess
    expect(fit.score).toBe(15);
    expect(fit.tier).toBe('D');
    expect(fit.confidence).toBe(0.6);
    expect(fit.missing).toEqual(['employees', 'country']);
    expect(fit.components.map((c) => [c.criterion, c.score, c.matched, c.points])).toEqual([
      ['revenue', 50, false, 15],
      ['employees', 0, null, 0],
      ['industry', 0, false, 0],
      ['region', 0, null, 0],
    ]);
    expect(fit.components[1]?.reason).toBe('employees unknown: scores 0, not counted as a match');
    expect(fit.reasons.at(-1)).toBe('confidence 0.6: no data for employees, country');
  });

  it('reads known misspellings of sector and country before matching', async () => {
    // Prepare
    const account = { id: 'b', name: 'Bayleaf', sector: 'technolgy', country: 'Philipines' };
    const icp = { industries: ['technology'], regions: ['Philippines'] };

    // Act
    const fit = await score({ account, icp });

    // Assess
    expect(fit.score).toBe(100);
    expect(fit.profile).toBe('given');
    expect(fit.components.map((c) => c.reason)).toEqual([
      'technology (read "technolgy" as technology) is one of technology',
      'Philippines (read "Philipines" as Philippines) is one of Philippines',
    ]);
  });

  it('counts the exact bounds of a range as inside it', async () => {
    // Prepare
    const account = { ...northwind, revenueMillions: 500, employees: 20000 };

    // Act
    const fit = await score({ account });

    // Assess
    expect(fit.components.slice(0, 2).map((c) => [c.score, c.matched])).toEqual([
      [100, true],
      [100, true],
    ]);
  });

  it('scores a value above the maximum by the ratio of the maximum to the value', async () => {
    // Prepare
    const icp = { revenueMillions: { max: 5000 } };

    // Act
    const fit = await score({ account: { ...northwind, revenueMillions: 8000 }, icp });

    // Assess
    expect(fit.components[0]).toMatchObject({
      score: 63,
      matched: false,
      expected: 'at most 5000M USD',
    });
    expect(fit.score).toBe(63);
  });

  it('treats a bound given as 0 as a real criterion', async () => {
    // Prepare
    const icp = { employees: { min: 0, max: 0 } };

    // Act
    const none = await score({ account: { ...northwind, employees: 0 }, icp });
    const some = await score({ account: { ...northwind, employees: 10 }, icp });

    // Assess
    expect([none.score, none.components[0]?.matched]).toEqual([100, true]);
    expect([some.score, some.components[0]?.matched]).toEqual([0, false]);
  });

  it.each([
    [80, 'A'],
    [79, 'B'],
    [60, 'B'],
    [59, 'C'],
    [40, 'C'],
    [39, 'D'],
  ])('puts a score of %i in tier %s', async (industryWeight, tier) => {
    // Prepare: the industry matches and the region does not, so the score is the industry weight.
    const icp = {
      industries: ['technology'],
      regions: ['Kenya'],
      weights: { industry: industryWeight, region: 100 - industryWeight },
    };

    // Act
    const fit = await score({ account: northwind, icp });

    // Assess
    expect([fit.score, fit.tier]).toEqual([industryWeight, tier]);
  });

  it('shares the score equally between criteria when every weight is 0', async () => {
    // Prepare
    const weights = { industry: 0, region: 0 };
    const icp = { industries: ['technology'], regions: ['Kenya'], weights };

    // Act
    const fit = await score({ account: northwind, icp });

    // Assess
    expect([fit.score, fit.tier, fit.components.map((c) => c.points)]).toEqual([50, 'C', [50, 0]]);
  });

  it('gives the same answer for the same input', async () => {
    // Prepare
    const input = { account: { ...northwind, employees: undefined } };

    // Act
    const first = await score(input);
    const second = await score(input);

    // Assess
    expect(second).toEqual(first);
  });

  it.each([
    [{ account: { id: 'x' } }, 'account.name'],
    [{ account: northwind, icp: { revenueMillions: { min: 10, max: 5 } } }, 'icp.revenueMillions'],
    [{ account: northwind, icp: {} }, 'icp'],
    [
      { account: northwind, icp: { industries: ['x'], weights: { revenue: -1 } } },
      'icp.weights.revenue',
    ],
  ])('rejects bad input naming the field (%#)', (input, field) => {
    // Act
    const problems = problemsOf(() => parseInput(scoreAccountFitTool.input, input, 'input'));

    // Assess
    expect(problems.map((p) => p.field)).toEqual([field]);
  });
});
